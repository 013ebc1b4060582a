using System.Collections;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Synthesis.Cli.Tests;

/// <summary>
/// Issue #15's target "no static mutable state in product code": every part is built per composition
/// (<c>SynthesisServices</c>), so two configurations can run side by side in one process. Read from the compiled
/// product assemblies: a static field must be a constant, or read-only and of a type that cannot change after it is
/// built (strings, numbers, regular expressions, frozen or immutable collections, read-only interfaces).
/// </summary>
public sealed class NoStaticStateTests
{
    static readonly string[] Products = ["Synthesis.Core", "Synthesis.Nlp", "Synthesis.Store", "Synthesis.Ingest", "Synthesis.Api", "Synthesis.Eval", "synthesis"];

    static IEnumerable<Assembly> ProductAssemblies()
    {
        var folder = AppContext.BaseDirectory;
        return Products.Select(name => Assembly.LoadFrom(Path.Combine(folder, name + ".dll")));
    }

    /// <summary>Types whose instances hold no state a caller can change.</summary>
    static bool Unchangeable(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(DateTime)
        || t == typeof(System.Text.RegularExpressions.Regex) || t == typeof(System.Globalization.CultureInfo) || t == typeof(TimeZoneInfo)
        || t == typeof(System.Xml.Linq.XNamespace) || t == typeof(System.Text.Json.JsonSerializerOptions) || t == typeof(System.Text.Json.JsonDocumentOptions)
        || t == typeof(System.Text.Encodings.Web.JavaScriptEncoder) || t == typeof(System.Text.CompositeFormat) || t == typeof(Type)
        // arrays of unchangeable values: the tables written in the code (stemmer suffixes, smileys, phrase cues)
        || t.IsArray && Unchangeable(t.GetElementType()!)
        || Generic(t, typeof(FrozenDictionary<,>), typeof(FrozenSet<>), typeof(ImmutableArray<>), typeof(ImmutableDictionary<,>),
            typeof(IReadOnlyDictionary<,>), typeof(IReadOnlyList<>), typeof(IReadOnlySet<>), typeof(IReadOnlyCollection<>), typeof(IEnumerable<>))
        || Generic(t, typeof(Lazy<>), typeof(Nullable<>)) && Unchangeable(t.GetGenericArguments()[0])
        || t.IsGenericType && t.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal) && t.GetGenericArguments().All(Unchangeable)
        || typeof(Delegate).IsAssignableFrom(t) || typeof(System.Text.Encoding).IsAssignableFrom(t)
        // a culture's string comparison (French alphabetical order): fixed at creation
        || typeof(StringComparer).IsAssignableFrom(t)
        || t.IsGenericType && t.GetGenericTypeDefinition() == typeof(System.Buffers.SearchValues<>)
        || t.Namespace?.StartsWith("System.CommandLine", StringComparison.Ordinal) == true // the command line's option definitions
        || t.IsValueType && t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).All(f => f.IsInitOnly)
        || t.IsClass && !t.IsArray && t.Assembly.GetName().Name!.StartsWith("Synthesis", StringComparison.Ordinal) && Immutable(t);

    /// <summary>A product record or class whose fields are all read-only and unchangeable (a preset, an empty value).</summary>
    static bool Immutable(Type t) =>
        !typeof(IEnumerable).IsAssignableFrom(t) && !typeof(IDisposable).IsAssignableFrom(t)
        && t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).All(f => f.IsInitOnly && (f.FieldType == t || Unchangeable(f.FieldType)));

    /// <summary>
    /// Read, with the reason each is not state: shared, built once from constants, and never changed after.
    /// </summary>
    static readonly Dictionary<string, string> Allowed = new()
    {
        ["Synthesis.Nlp.Questions.CueScorer.<Default>k__BackingField"] = "the trie compiled from the constant question cues; no member changes it after its constructor",
        ["Synthesis.Ingest.Search.FrenchSearchAnalyzer.<StopWords>k__BackingField"] = "Lucene's CharArraySet.UnmodifiableSet",
        ["Synthesis.Ingest.Search.LexicalIndex.Bm25"] = "a BM25Similarity: k1 and b fixed at construction",
        ["Synthesis.Api.Security.Accounts.Hasher"] = "ASP.NET Core's PasswordHasher: holds only its default options",
    };

    static bool Generic(Type t, params Type[] definitions) => t.IsGenericType && definitions.Contains(t.GetGenericTypeDefinition());

    static IEnumerable<string> Offenders(IEnumerable<Type> types) =>
        from type in types
        where !type.IsDefined(typeof(CompilerGeneratedAttribute), false) && !(type.DeclaringType?.IsDefined(typeof(CompilerGeneratedAttribute), false) ?? false)
        // code generators' own (Razor's tag helper attributes, the OpenAPI comment cache)
        where type.Namespace?.StartsWith("Microsoft.", StringComparison.Ordinal) != true
            && type.Namespace != "System.Text.RegularExpressions.Generated"
        from field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
        where !field.IsLiteral && !field.IsDefined(typeof(CompilerGeneratedAttribute), false) || field.Name.Contains("k__BackingField", StringComparison.Ordinal)
        where !field.Name.StartsWith("__tagHelper", StringComparison.Ordinal)
        // per-thread scratch buffers: each call writes them before it reads them, so no call sees another's
        where !field.IsDefined(typeof(ThreadStaticAttribute), false)
        where !Allowed.ContainsKey($"{type.FullName}.{field.Name}")
        where !field.IsInitOnly || !Unchangeable(field.FieldType)
        select $"{type.FullName}.{field.Name} ({field.FieldType.Name}{(field.IsInitOnly ? ", read-only" : "")})";

    [Fact]
    public void Product_code_keeps_no_static_mutable_state()
    {
        var offenders = Offenders(ProductAssemblies().SelectMany(a => a.GetTypes())).ToList();
        Assert.True(offenders.Count == 0, "static state that changes or can be changed:\n" + string.Join("\n", offenders));
    }

    static class Counter { public static int Calls = 0; }
    static class Cache { public static readonly Dictionary<string, int> Seen = []; }
    static class Settings { public static string Data { get; set; } = ""; }
    static class Fine { public static readonly FrozenSet<string> Words = FrozenSet.ToFrozenSet(["a"]); public const int Max = 3; }

    [Fact]
    public void The_check_finds_a_mutable_field_a_cache_and_a_settable_property()
    {
        var offenders = Offenders([typeof(Counter), typeof(Cache), typeof(Settings), typeof(Fine)]).ToList();
        Assert.Equal(3, offenders.Count);
        Assert.Contains(offenders, o => o.Contains("Counter.Calls", StringComparison.Ordinal));
        Assert.Contains(offenders, o => o.Contains("Cache.Seen", StringComparison.Ordinal));
        Assert.Contains(offenders, o => o.Contains("Settings.<Data>k__BackingField", StringComparison.Ordinal));
    }
}
