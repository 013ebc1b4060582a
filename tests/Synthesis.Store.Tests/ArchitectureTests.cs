using System.Text.RegularExpressions;

namespace Synthesis.Store.Tests;

/// <summary>
/// The store owns the schema: no SQL statement is written anywhere in the product but in <c>src/Store</c>; and the
/// settings own the environment: no variable is read outside <c>src/Ingest/Settings</c>.
/// </summary>
public class ArchitectureTests
{
    /// <summary>The start of an SQL statement as the product writes them (keywords in capitals).</summary>
    static readonly Regex Sql = new(@"\b(SELECT\s+(DISTINCT\s+)?[\w*(]|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|CREATE\s+(TABLE|VIEW|INDEX|TRIGGER)\b|PRAGMA\s+\w)",
        RegexOptions.Compiled);

    static IEnumerable<string> ProductSources() =>
        Directory.EnumerateFiles(Path.Combine(TempStore.RepoRoot, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    /// <summary>Product lines matching <paramref name="pattern"/> in files outside the folder <paramref name="outside"/>, as file:line: text.</summary>
    static List<string> LinesMatching(Regex pattern, string outside)
    {
        var allowed = Path.Combine(TempStore.RepoRoot, outside) + Path.DirectorySeparatorChar;
        var found = new List<string>();
        foreach (var file in ProductSources().Where(f => !f.StartsWith(allowed, StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                if (pattern.IsMatch(lines[i])) found.Add($"{Path.GetRelativePath(TempStore.RepoRoot, file)}:{i + 1}: {lines[i].Trim()}");
        }
        return found;
    }

    [Fact]
    public void No_sql_outside_the_store_project()
    {
        var found = LinesMatching(Sql, outside: Path.Combine("src", "Store"));
        Assert.True(found.Count == 0, "SQL outside src/Store (move it into the store's queries):\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_check_finds_sql_where_there_is_some()
    {
        // the pattern must see the statements the store does write, or the test above proves nothing
        var store = Directory.EnumerateFiles(Path.Combine(TempStore.RepoRoot, "src", "Store"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));
        var hits = store.SelectMany(File.ReadLines).Count(Sql.IsMatch);
        Assert.True(hits > 100, $"only {hits} SQL lines found in src/Store");
        Assert.Matches(Sql, "c.Execute(\"UPDATE jobs SET state = 'done'\")");
        Assert.DoesNotMatch(Sql, "// select the passages the reviewer ticked");
    }

    static readonly Regex EnvironmentRead = new(@"Environment\.(GetEnvironmentVariable|GetEnvironmentVariables|ExpandEnvironmentVariables)\(", RegexOptions.Compiled);

    [Fact]
    public void No_environment_variable_read_outside_the_settings()
    {
        // the options binding and the search path of external programs (src/Ingest/Settings) read the environment; nothing else
        var found = LinesMatching(EnvironmentRead, outside: Path.Combine("src", "Ingest", "Settings"));
        Assert.True(found.Count == 0, "environment read outside src/Ingest/Settings (make it a setting of SynthesisOptions):\n" + string.Join('\n', found));
        Assert.Matches(EnvironmentRead, "var x = Environment.GetEnvironmentVariable(\"SYNTHESIS_DATA\");");
    }

    /// <summary>SQL only SQLite reads: <c>$name</c> parameters, <c>INSERT OR</c>, its JSON and date functions, <c>group_concat</c>, a pragma.</summary>
    static readonly Regex SqliteOnly = new(@"(?<![\w{])\$[a-z_]\w*\b|INSERT\s+OR\s+\w+|\bjson_(extract|array_length|each|object|group_array)\(|\bjulianday\(|\bgroup_concat\(|\bdatetime\(|\bstrftime\(|PRAGMA\s+\w|\bIN\s+@\w",
        RegexOptions.Compiled);

    [Fact]
    public void The_store_writes_sql_both_engines_read_outside_its_engine_switch()
    {
        // Engine.cs holds what differs; the SQLite migrations, the SQLite connection's pragmas and the copy to
        // PostgreSQL read SQLite on purpose
        string[] allowed = ["Engine.cs", "Migrations.cs", "SynthesisStore.cs", "StoreCopy.cs"];
        var found = Directory.EnumerateFiles(Path.Combine(TempStore.RepoRoot, "src", "Store"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !allowed.Contains(Path.GetFileName(f)))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => SqliteOnly.IsMatch(x.line) && !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && !x.line.TrimStart().StartsWith("///", StringComparison.Ordinal))
            .Select(x => $"{Path.GetRelativePath(TempStore.RepoRoot, x.f)}:{x.i + 1}: {x.line.Trim()}").ToList();
        Assert.True(found.Count == 0, "SQLite-only SQL in the store (write it for both engines, or through Engine):\n" + string.Join('\n', found));
        Assert.Matches(SqliteOnly, "SELECT id FROM jobs WHERE id IN @ids");
        Assert.Matches(SqliteOnly, "WHERE id = $id");
        Assert.Matches(SqliteOnly, "INSERT OR REPLACE INTO passage_vectors");
        Assert.DoesNotMatch(SqliteOnly, "connection.Query<long>($\"SELECT id FROM jobs WHERE {connection.In(\"id\", \"@ids\")}\")");
    }
}
