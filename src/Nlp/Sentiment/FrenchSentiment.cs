using Synthesis.Nlp.French;
using System.Collections;

namespace Synthesis.Nlp.Sentiment;

/// <summary>
/// Sentiment of one passage.
/// </summary>
/// <param name="Label">Negative, Neutral (|Score| below <see cref="SentimentOptions.NeutralThreshold"/>) or Positive.</param>
/// <param name="Score">Polarity in [-1, 1]: (P - N) / (P + N + smoothing) over the weighted positive and negative evidence.</param>
/// <param name="Emotions">FEEL emotions joy, fear, sadness, anger, surprise, disgust in [0, 1]: the share of the
/// passage's emotion-lexicon words (not negated) that carry each emotion; all 0 when none matched.</param>
public sealed record SentimentResult(Synthesis.Sentiment Label, double Score, IReadOnlyDictionary<string, double> Emotions)
{
    /// <summary>The probability a trained model gives its label (null for the lexicon scorer, which has none).</summary>
    public double? Confidence { get; init; }
}

/// <summary>Tuning knobs of <see cref="FrenchSentiment"/>; the defaults are the shipped behaviour.</summary>
public sealed record SentimentOptions
{
    public static SentimentOptions Default { get; } = new();

    /// <summary>|score| below this is Neutral.</summary>
    public double NeutralThreshold { get; init; } = 0.1;
    /// <summary>Added to the evidence total in the score's denominator: little evidence gives a score near 0.</summary>
    public double Smoothing { get; init; } = 1.0;
    /// <summary>AFINN scores (-5..5) are divided by this, then clipped to [-1, 1]. Applied when loading (not by <see cref="FrenchSentiment.With"/>).</summary>
    public float AfinnScale { get; init; } = 4f;
    /// <summary>A negated positive word becomes -v times this ("pas bien").</summary>
    public double NegatedPositive { get; init; } = 0.6;
    /// <summary>A negated negative word becomes -v times this ("pas mauvais" is only mildly good).</summary>
    public double NegatedNegative { get; init; } = 0.5;
    /// <summary>A negation that finds no polar word in its scope ("il n'y a pas de bus") adds this negative evidence.</summary>
    public double NegationPenalty { get; init; } = 0.2;
    /// <summary>Content words a negation reaches after its completer ("pas", "jamais"...), within the clause.</summary>
    public int NegationScope { get; init; } = 3;
    /// <summary>Evidence before "mais" / "cependant" in the same sentence is multiplied by this.</summary>
    public double ContrastBefore { get; init; } = 0.5;
    /// <summary>Evidence after "mais" / "cependant", to the sentence end, is multiplied by this.</summary>
    public double ContrastAfter { get; init; } = 1.5;
    /// <summary>Evidence in a concessive clause ("malgré", "même si", "certes") is multiplied by this.</summary>
    public double Concessive { get; init; } = 0.5;
    /// <summary>Evidence after "bref", "au final", "en conclusion" is multiplied by this.</summary>
    public double Conclusion { get; init; } = 1.5;
    /// <summary>Each "!" ending a sentence (up to 3) adds this fraction to the sentence's evidence.</summary>
    public double ExclamationBoost { get; init; } = 0.15;
    /// <summary>Evidence of a question is multiplied by this.</summary>
    public double Question { get; init; } = 0.8;
    /// <summary>Multiplier for a word written in capitals ("NUL").</summary>
    public double Shout { get; init; } = 1.3;
    /// <summary>Negative evidence is multiplied by this (lexicons under-represent how negativity is expressed).</summary>
    public double NegativeWeight { get; init; } = 1.25;
    /// <summary>"trop" before a neutral word ("trop long", "trop de monde") gives this negative evidence.</summary>
    public double TropNeutral { get; init; } = 0.3;
}

/// <summary>
/// Lexicon-based French sentiment with negation, intensity, contrast and emotion facets. Deterministic, no I/O
/// after <see cref="Load(string)"/>, thread-safe, and it never records the text it scores.
/// </summary>
public sealed class FrenchSentiment
{
    readonly SentimentLexicon _lexicon;
    readonly SentimentOptions _options;

    FrenchSentiment(SentimentLexicon lexicon, SentimentOptions options, ExpressiveMarkers expressive)
    {
        _lexicon = lexicon;
        _options = options;
        Expressive = expressive;
    }

    /// <summary>The expressions of the author's own feeling (<see cref="ExpressiveMarkers"/>), empty when the folder has none.</summary>
    public ExpressiveMarkers Expressive { get; }

    /// <summary>Loads the lexicon files of <paramref name="lexiconDirectory"/> (see models/lexicons/SOURCES.md).</summary>
    public static FrenchSentiment Load(string lexiconDirectory) => Load(lexiconDirectory, SentimentOptions.Default);

    public static FrenchSentiment Load(string lexiconDirectory, SentimentOptions options)
    {
        var expressive = Path.Combine(lexiconDirectory, ExpressiveMarkers.FileName);
        return new(SentimentLexicon.Load(lexiconDirectory, options.AfinnScale), options,
            ModelFiles.Exists(expressive) ? ExpressiveMarkers.Parse(ModelFiles.ReadLines(expressive), expressive) : ExpressiveMarkers.Empty);
    }

    /// <summary>The same lexicon with other options (no reloading).</summary>
    public FrenchSentiment With(SentimentOptions options) => new(_lexicon, options, Expressive);

    public SentimentOptions Options => _options;

    internal struct Unit
    {
        public WordInfo Info;
        public TokenKind Kind;
        public bool Shouted;
        public byte Repeat;
    }

    sealed class Scratch
    {
        public char[] Buffer = new char[1024];
        public FrenchToken[] Tokens = new FrenchToken[512];
        public Unit[] Units = new Unit[512];
        public SentimentEvaluation Evaluation = new();
    }

    [ThreadStatic] static Scratch? t_scratch;

    public SentimentResult Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scratch = t_scratch ??= new Scratch();
        var n = FrenchText.Tokenize(text, ref scratch.Buffer, ref scratch.Tokens);
        var unitCount = BuildUnits(scratch, n);
        var (score, emotions) = Evaluate(scratch, unitCount);
        if (text.Length > 200_000) t_scratch = null; // do not keep huge buffers alive on the thread
        var label = score >= _options.NeutralThreshold ? Synthesis.Sentiment.Positive
            : score <= -_options.NeutralThreshold ? Synthesis.Sentiment.Negative
            : Synthesis.Sentiment.Neutral;
        return new SentimentResult(label, score, emotions);
    }

    // Tokens -> units: multi-word expressions (longest first) and single words with their lexicon entry.
    int BuildUnits(Scratch s, int n)
    {
        if (s.Units.Length < n) s.Units = new Unit[Math.Max(n, s.Units.Length * 2)];
        var buffer = s.Buffer;
        var tokens = s.Tokens;
        var units = s.Units;
        var u = 0;
        var maxPhrase = _lexicon.MaxPhraseWords;
        for (var i = 0; i < n; i++)
        {
            ref var t = ref tokens[i];
            if (t.Kind is not (TokenKind.Word or TokenKind.Symbol))
            {
                units[u++] = new Unit { Kind = t.Kind, Repeat = t.Repeat };
                continue;
            }
            var span = buffer.AsSpan(t.Start, t.Length);
            if (t.Kind == TokenKind.Word && maxPhrase > 1 && _lexicon.MayStartPhrase(span))
            {
                var run = 1;
                while (run < maxPhrase && i + run < n && tokens[i + run].Kind == TokenKind.Word) run++;
                var matched = false;
                for (var len = run; len >= 2; len--)
                {
                    var last = tokens[i + len - 1];
                    var phrase = buffer.AsSpan(t.Start, last.Start + last.Length - t.Start);
                    if (!_lexicon.TryPhrase(phrase, out var info)) continue;
                    units[u++] = new Unit { Info = info, Kind = TokenKind.Word, Shouted = t.Shouted };
                    i += len - 1;
                    matched = true;
                    break;
                }
                if (matched) continue;
            }
            units[u++] = new Unit { Info = _lexicon.Word(span), Kind = t.Kind, Shouted = t.Shouted };
        }
        return u;
    }

    internal static bool IsBoundary(TokenKind k) => k is TokenKind.ClauseBreak or TokenKind.SentenceEnd or TokenKind.Exclamation or TokenKind.Question;

    /// <summary>Reads the units in order: boundaries close scopes, role words open them, the others are words.</summary>
    (double Score, EmotionScores Emotions) Evaluate(Scratch s, int count)
    {
        var run = s.Evaluation;
        run.Start(_options, count);
        ReadOnlySpan<Unit> units = s.Units.AsSpan(0, count);
        for (var k = 0; k < units.Length; k++)
        {
            ref readonly var unit = ref units[k];
            if (IsBoundary(unit.Kind)) run.Boundary(unit.Kind, unit.Repeat);
            else if (!run.CompletesNegation(k, unit.Info) && !run.TakeRole(units, k)) run.Word(unit);
        }
        return run.Finish();
    }
}

/// <summary>Read-only view of the six FEEL emotion scores, keyed joy, fear, sadness, anger, surprise, disgust.</summary>
public sealed class EmotionScores : IReadOnlyDictionary<string, double>
{
    readonly double[] _values;

    public static IReadOnlyList<string> Names { get; } = SentimentLexicon.EmotionNames;

    internal EmotionScores(double[] values) => _values = values;

    static int IndexOf(string key) => key switch
    {
        "joy" => 0, "fear" => 1, "sadness" => 2, "anger" => 3, "surprise" => 4, "disgust" => 5, _ => -1,
    };

    public double this[string key] => IndexOf(key) is var i and >= 0 ? _values[i] : throw new KeyNotFoundException(key);
    public IEnumerable<string> Keys => SentimentLexicon.EmotionNames;
    public IEnumerable<double> Values => _values;
    public int Count => 6;
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, out double value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _values[i] : 0;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (var i = 0; i < 6; i++) yield return new(SentimentLexicon.EmotionNames[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
