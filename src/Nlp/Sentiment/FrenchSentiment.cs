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
public sealed record SentimentResult(Synthesis.Sentiment Label, double Score, IReadOnlyDictionary<string, double> Emotions);

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

    FrenchSentiment(SentimentLexicon lexicon, SentimentOptions options)
    {
        _lexicon = lexicon;
        _options = options;
    }

    /// <summary>Loads the lexicon files of <paramref name="lexiconDirectory"/> (see models/lexicons/SOURCES.md).</summary>
    public static FrenchSentiment Load(string lexiconDirectory) => Load(lexiconDirectory, SentimentOptions.Default);

    public static FrenchSentiment Load(string lexiconDirectory, SentimentOptions options) =>
        new(SentimentLexicon.Load(lexiconDirectory, options.AfinnScale), options);

    /// <summary>The same lexicon with other options (no reloading).</summary>
    public FrenchSentiment With(SentimentOptions options) => new(_lexicon, options);

    public SentimentOptions Options => _options;

    struct Unit
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
        public double[] Evidence = new double[256];
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

    static bool IsBoundary(TokenKind k) => k is TokenKind.ClauseBreak or TokenKind.SentenceEnd or TokenKind.Exclamation or TokenKind.Question;

    (double Score, EmotionScores Emotions) Evaluate(Scratch s, int count)
    {
        var o = _options;
        var units = s.Units;
        if (s.Evidence.Length < 3 * count + 8) s.Evidence = new double[Math.Max(3 * count + 8, s.Evidence.Length * 2)]; // a unit adds at most three items
        var ev = s.Evidence;
        var evCount = 0;

        double pos = 0, neg = 0;
        var sentenceStart = 0;        // first evidence index of the current sentence
        var previousSentenceStart = 0;
        var sentenceWeight = 1.0;     // contrast / conclusion
        var clauseWeight = 1.0;       // concession

        // negation: 0 none, 1 between "ne" and its completer, 2 within the window after the completer
        var negMode = 0;
        var negCompleter = -1;
        var negWindow = 0;
        var negHit = false;
        var lackUnderNe = false;
        var negPenalty = 0.0;      // penalty scale when the negation finds nothing polar

        // pending modifier for the next polar word
        var pendingMult = 1.0;
        var pendingLeft = 0;
        var pendingTrop = false;
        var pendingFlip = false;
        var notOnly = false;

        Span<double> emo = stackalloc double[6];
        var emoTotal = 0;

        void Add(double value, ref int evc)
        {
            if (value < 0) value *= o.NegativeWeight;
            ev[evc++] = value;
        }

        for (var k = 0; k < count; k++)
        {
            ref var unit = ref units[k];
            if (IsBoundary(unit.Kind))
            {
                if (negMode != 0 && !negHit && negPenalty > 0) Add(-o.NegationPenalty * negPenalty * clauseWeight * sentenceWeight, ref evCount);
                if (pendingFlip && pendingLeft > 0) Add(-o.NegationPenalty * clauseWeight * sentenceWeight, ref evCount);
                negMode = 0;
                lackUnderNe = false;
                pendingMult = 1; pendingLeft = 0; pendingTrop = false; pendingFlip = false;
                clauseWeight = 1;
                if (unit.Kind != TokenKind.ClauseBreak)
                {
                    var factor = unit.Kind switch
                    {
                        TokenKind.Exclamation => 1 + o.ExclamationBoost * Math.Min(3, (int)unit.Repeat),
                        TokenKind.Question => o.Question,
                        _ => 1.0,
                    };
                    if (factor != 1.0)
                        for (var e = sentenceStart; e < evCount; e++) ev[e] *= factor;
                    if (evCount > sentenceStart) previousSentenceStart = sentenceStart;
                    sentenceStart = evCount;
                    sentenceWeight = 1;
                    notOnly = false;
                }
                continue;
            }

            var info = unit.Info;
            if (negMode == 1 && k == negCompleter)
            {
                if (info.Role == Role.NotOnly)
                {
                    // "ne ... pas seulement": not only, no negation
                    negMode = 0;
                    notOnly = true;
                }
                else if (lackUnderNe)
                {
                    negMode = 0;
                    lackUnderNe = false;
                }
                else
                {
                    // pas, plus, jamais, "pas du tout", "pas très"...: the negation goes on after its completer
                    negMode = 2;
                    negWindow = o.NegationScope;
                }
                continue;
            }
            switch (info.Role)
            {
                case Role.Ne:
                {
                    // look for the completer of "ne" in the clause; "ne ... que" restricts, it does not negate
                    var found = -1;
                    for (var j = k + 1; j < count && j <= k + 6; j++)
                    {
                        ref var next = ref units[j];
                        if (IsBoundary(next.Kind) || next.Info.AbsorbsNegation || next.Info.Role is Role.Contrast or Role.Concessive) break;
                        if (next.Info.Role is Role.Negator or Role.NegatorWithNe || next.Info.CompletesNe) { found = j; break; }
                        if (next.Info.Role == Role.Restrictive) break;
                    }
                    if (found >= 0 && negMode == 0)
                    {
                        negMode = 1;
                        negCompleter = found;
                        negHit = false;
                        negPenalty = 1.0;
                    }
                    else if (found >= 0) negCompleter = found;
                    continue;
                }
                case Role.Negator:
                case Role.NegatorWithNe:
                case Role.Lack:
                {
                    if (info.Role == Role.NegatorWithNe) break; // "plus" = more, "personne" = person
                    if (negMode == 1)
                    {
                        // "il ne manque pas de charme": a lack word under "ne ... pas" cancels the negation
                        if (info.Role == Role.Lack) lackUnderNe = true;
                        continue;
                    }
                    if (negMode != 0)
                    {
                        // negative concord: "sans aucun", "ne ... jamais rien" negate once
                        negMode = 2;
                        negWindow = Math.Max(negWindow, o.NegationScope);
                        continue;
                    }
                    negMode = 2;
                    negWindow = o.NegationScope;
                    negHit = false;
                    // the factor scales the no-target penalty: 0 for "jamais" alone, often a superlative
                    // ("le meilleur que j'ai jamais vu"), and for "non"
                    negPenalty = info.Factor;
                    continue;
                }
                case Role.Intensifier:
                    pendingMult *= info.Factor;
                    pendingLeft = 2;
                    continue;
                case Role.Trop:
                    pendingMult *= info.Factor;
                    pendingLeft = 2;
                    pendingTrop = true;
                    continue;
                case Role.Super:
                    if (k + 1 < count && !IsBoundary(units[k + 1].Kind) && units[k + 1].Info.Polarity != 0)
                    {
                        pendingMult *= info.Factor;
                        pendingLeft = 1;
                        continue;
                    }
                    break;
                case Role.FlipDiminisher:
                    pendingFlip = true;
                    pendingLeft = 2;
                    continue;
                case Role.Contrast:
                {
                    var additive = k + 1 < count && units[k + 1].Info.Role == Role.Additive;
                    if (additive || notOnly) { notOnly = false; continue; }
                    // sentence-initial "Mais": the contrast is with the previous sentence
                    var from = evCount > sentenceStart ? sentenceStart : previousSentenceStart;
                    for (var e = from; e < evCount; e++) ev[e] *= o.ContrastBefore;
                    sentenceWeight = o.ContrastAfter;
                    continue;
                }
                case Role.Concessive:
                    clauseWeight = o.Concessive;
                    continue;
                case Role.Conclusion:
                    sentenceWeight = Math.Max(sentenceWeight, o.Conclusion);
                    continue;
                case Role.NotOnly:
                    notOnly = true;
                    continue;
            }

            var v = (double)info.Polarity;
            var negated = negMode != 0 || (pendingFlip && pendingLeft > 0);
            if (v != 0)
            {
                var m = 1.0;
                if (pendingLeft > 0)
                {
                    if (pendingTrop && v > 0) m *= 1.3;              // "trop bien": colloquial "very"
                    else if (negated && pendingMult > 1) m /= pendingMult; // "pas très bon" is a soft negation
                    else m *= pendingMult;
                    if (pendingFlip) v = v > 0 ? -0.5 * v : 0.5 * v;
                    pendingMult = 1; pendingLeft = 0; pendingTrop = false; pendingFlip = false;
                }
                if (negMode != 0)
                {
                    // a faint word ("bancs" 0.05) does not use up the negation: "il manque des bancs" stays negative
                    if (Math.Abs(v) >= 0.15) negHit = true;
                    v = v > 0 ? -v * o.NegatedPositive : -v * o.NegatedNegative;
                }
                if (unit.Shouted) m *= o.Shout;
                Add(v * m * clauseWeight * sentenceWeight, ref evCount);
            }
            else if (info.Content && pendingTrop && pendingLeft > 0)
            {
                Add(-o.TropNeutral * clauseWeight * sentenceWeight, ref evCount);
                pendingMult = 1; pendingLeft = 0; pendingTrop = false; pendingFlip = false;
            }

            if (info.Feel)
            {
                emoTotal++;
                if (!negated && info.Emotions != 0)
                    for (var e = 0; e < 6; e++)
                        if ((info.Emotions & (1 << e)) != 0) emo[e] += 1;
            }

            if (info.Content || v != 0)
            {
                if (pendingLeft > 0 && --pendingLeft == 0)
                {
                    if (pendingFlip) Add(-o.NegationPenalty * clauseWeight * sentenceWeight, ref evCount);
                    pendingMult = 1; pendingTrop = false; pendingFlip = false;
                }
                if (negMode == 2 && --negWindow <= 0)
                {
                    if (!negHit && negPenalty > 0) Add(-o.NegationPenalty * negPenalty * clauseWeight * sentenceWeight, ref evCount);
                    negMode = 0;
                }
            }
        }
        if (negMode != 0 && !negHit && negPenalty > 0) Add(-o.NegationPenalty * negPenalty * clauseWeight * sentenceWeight, ref evCount);
        if (pendingFlip && pendingLeft > 0) Add(-o.NegationPenalty * clauseWeight * sentenceWeight, ref evCount);

        for (var e = 0; e < evCount; e++)
        {
            if (ev[e] > 0) pos += ev[e];
            else neg -= ev[e];
        }
        var score = pos + neg > 0 ? (pos - neg) / (pos + neg + o.Smoothing) : 0.0;

        var emotions = new double[6];
        if (emoTotal > 0)
            for (var e = 0; e < 6; e++) emotions[e] = emo[e] / emoTotal;
        return (Math.Clamp(score, -1, 1), new EmotionScores(emotions));
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
