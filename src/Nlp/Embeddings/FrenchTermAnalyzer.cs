using Synthesis.Nlp.French;
using System.Reflection;
using Synthesis.Nlp.Sentiment;

namespace Synthesis.Nlp.Embeddings;

/// <summary>
/// The normalisation of the built-in French model: <see cref="FrenchText.Tokenize"/> (lower case, accents folded,
/// elisions l' d' qu' n' j' split off, hyphenated words split), then stop words removed, then the Snowball French
/// stem of the folded word (<see cref="FrenchStemmer"/>). Folding before stemming makes "sécurité" and "securite"
/// (citizens often type without accents) share one stem. Words of one letter and words longer than 40 characters
/// (URLs, glued text) are dropped. Thread-safe.
/// </summary>
public sealed class FrenchTermAnalyzer
{
    /// <summary>The stop words shipped with the project (models/lexicons/stopwords-fr.txt), folded.</summary>
    public static IReadOnlyList<string> DefaultStopWords { get; } = LoadDefaultStopWords();

    /// <summary>Elided conjunctions and pronouns that the tokenizer splits off ("lorsqu'il", "quelqu'un") and the list lacks.</summary>
    static readonly string[] ElidedFunctionWords = ["lorsqu", "puisqu", "quoiqu", "quelqu"];

    readonly HashSet<string> _stop;

    [ThreadStatic] static char[]? t_buffer;
    [ThreadStatic] static FrenchToken[]? t_tokens;

    public FrenchTermAnalyzer(IEnumerable<string>? stopWords = null)
    {
        _stop = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in (stopWords ?? DefaultStopWords).Concat(ElidedFunctionWords))
            foreach (var part in FrenchText.Fold(w).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                _stop.Add(part);
        StopWords = _stop.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The folded stop words, sorted (what a saved model stores).</summary>
    public IReadOnlyList<string> StopWords { get; }

    /// <summary>True when the folded word is dropped (stop word, one letter, too long).</summary>
    public bool IsDropped(ReadOnlySpan<char> folded) =>
        folded.Length < 2 || folded.Length > 40 || _stop.GetAlternateLookup<ReadOnlySpan<char>>().Contains(folded);

    /// <summary>The stem of a folded word that is not dropped.</summary>
    public static string Stem(string folded)
    {
        foreach (var c in folded)
            if (char.IsDigit(c)) return folded; // "2020", "49.3", "a380": kept as written
        return FrenchStemmer.Stem(folded);
    }

    /// <summary>
    /// Calls <paramref name="onWord"/> with each folded word of <paramref name="text"/> (stop words included; the
    /// callee decides). The span is only valid during the call.
    /// </summary>
    public static void ForEachFoldedWord<TState>(ReadOnlySpan<char> text, ref TState state, FoldedWordAction<TState> onWord)
    {
        var buffer = t_buffer ??= new char[256];
        var tokens = t_tokens ??= new FrenchToken[64];
        var n = FrenchText.Tokenize(text, ref buffer, ref tokens);
        t_buffer = buffer;
        t_tokens = tokens;
        for (var i = 0; i < n; i++)
        {
            ref readonly var t = ref tokens[i];
            if (t.Kind != TokenKind.Word) continue;
            onWord(buffer.AsSpan(t.Start, t.Length), ref state);
        }
    }

    /// <summary>Tokenizes into the calling thread's buffers (valid until the thread's next call).</summary>
    internal static int Tokenize(ReadOnlySpan<char> text, out char[] buffer, out FrenchToken[] tokens)
    {
        buffer = t_buffer ??= new char[256];
        tokens = t_tokens ??= new FrenchToken[64];
        var n = FrenchText.Tokenize(text, ref buffer, ref tokens);
        t_buffer = buffer;
        t_tokens = tokens;
        return n;
    }

    /// <summary>Stems of the kept words of <paramref name="text"/>, in order (a convenience for training and tests).</summary>
    public List<string> Analyze(string text, Dictionary<string, string?>? cache = null)
    {
        var result = new List<string>();
        var st = (this, result, cache ?? new Dictionary<string, string?>(StringComparer.Ordinal));
        ForEachFoldedWord(text, ref st, static (ReadOnlySpan<char> w, ref (FrenchTermAnalyzer A, List<string> R, Dictionary<string, string?> C) s) =>
        {
            var lookup = s.C.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(w, out var stem))
            {
                var word = w.ToString();
                stem = s.A.IsDropped(w) ? null : Stem(word);
                s.C[word] = stem;
            }
            if (stem is not null) s.R.Add(stem);
        });
        return result;
    }

    static IReadOnlyList<string> LoadDefaultStopWords()
    {
        using var stream = typeof(FrenchTermAnalyzer).Assembly.GetManifestResourceStream("Synthesis.Nlp.Embeddings.stopwords-fr.txt")
            ?? throw new InvalidOperationException("embedded stop word list missing");
        using var reader = new StreamReader(stream);
        var list = new List<string>();
        while (reader.ReadLine() is { } line)
            if (line.Trim() is { Length: > 0 } w && !w.StartsWith('#')) list.Add(w);
        return list;
    }
}

/// <summary>Callback of <see cref="FrenchTermAnalyzer.ForEachFoldedWord{TState}"/>.</summary>
public delegate void FoldedWordAction<TState>(ReadOnlySpan<char> foldedWord, ref TState state);
