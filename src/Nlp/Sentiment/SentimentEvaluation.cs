using Synthesis.Nlp.French;

namespace Synthesis.Nlp.Sentiment;

/// <summary>
/// One passage's evaluation by <see cref="FrenchSentiment"/>, unit by unit, as small steps over explicit state: the
/// evidence collected so far (signed, weighted), the open negation scope, the modifier waiting for the next polar word,
/// and the weights of the current sentence (contrast, conclusion) and clause (concession). Reused per thread (no
/// allocation per passage); <see cref="Start"/> resets it.
/// </summary>
sealed class SentimentEvaluation
{
    /// <summary>Where a negation stands: none, between "ne" and its completer, or within the words after it.</summary>
    enum NegationMode { None, AwaitingCompleter, InScope }

    /// <summary>The open negation: its completer's position, the content words it still reaches, and whether it found a polar word.</summary>
    struct Negation
    {
        public NegationMode Mode;
        public int Completer;
        public int WordsLeft;
        public bool Hit;
        /// <summary>"il ne manque pas de charme": a lack word under "ne ... pas" cancels the negation.</summary>
        public bool LackUnderNe;
        /// <summary>Scale of the penalty when the negation finds nothing polar (0 for "jamais" alone and "non").</summary>
        public double Penalty;
    }

    /// <summary>A modifier waiting for the next polar word: intensity ("très"), "trop", a flip ("peu").</summary>
    struct Pending
    {
        public double Multiplier;
        public int WordsLeft;
        public bool Trop;
        public bool Flip;

        public void Clear() => this = new Pending { Multiplier = 1 };
    }

    SentimentOptions _o = SentimentOptions.Default;
    double[] _evidence = new double[256];
    int _count;
    int _sentenceStart, _previousSentenceStart;
    double _sentenceWeight, _clauseWeight;
    Negation _negation;
    Pending _pending;
    bool _notOnly;
    readonly double[] _emotions = new double[6];
    int _emotionWords;

    /// <summary>Starts a passage of <paramref name="units"/> units (each adds at most three items of evidence).</summary>
    public void Start(SentimentOptions options, int units)
    {
        _o = options;
        if (_evidence.Length < 3 * units + 8) _evidence = new double[Math.Max(3 * units + 8, _evidence.Length * 2)];
        _count = 0;
        _sentenceStart = _previousSentenceStart = 0;
        _sentenceWeight = _clauseWeight = 1;
        _negation = default;
        _pending.Clear();
        _notOnly = false;
        Array.Clear(_emotions);
        _emotionWords = 0;
    }

    double Weight => _clauseWeight * _sentenceWeight;

    void Add(double value) => _evidence[_count++] = value < 0 ? value * _o.NegativeWeight : value;

    /// <summary>A negation (or a flip) that reached no polar word still says something negative: "il n'y a pas de bus".</summary>
    void CloseUnusedScopes()
    {
        if (_negation.Mode != NegationMode.None && !_negation.Hit && _negation.Penalty > 0) Add(-_o.NegationPenalty * _negation.Penalty * Weight);
        if (_pending.Flip && _pending.WordsLeft > 0) Add(-_o.NegationPenalty * Weight);
    }

    /// <summary>A clause or sentence boundary: scopes close; a sentence's end applies its punctuation to its evidence.</summary>
    public void Boundary(TokenKind kind, byte repeat)
    {
        CloseUnusedScopes();
        _negation.Mode = NegationMode.None;
        _negation.LackUnderNe = false;
        _pending.Clear();
        _clauseWeight = 1;
        if (kind == TokenKind.ClauseBreak) return;
        var factor = kind switch
        {
            TokenKind.Exclamation => 1 + _o.ExclamationBoost * Math.Min(3, (int)repeat),
            TokenKind.Question => _o.Question,
            _ => 1.0,
        };
        if (factor != 1.0)
            for (var e = _sentenceStart; e < _count; e++) _evidence[e] *= factor;
        if (_count > _sentenceStart) _previousSentenceStart = _sentenceStart;
        _sentenceStart = _count;
        _sentenceWeight = 1;
        _notOnly = false;
    }

    /// <summary>The completer of "ne" ("pas", "plus", "jamais"): the negation's scope opens after it. True when unit <paramref name="k"/> is it.</summary>
    public bool CompletesNegation(int k, in WordInfo info)
    {
        if (_negation.Mode != NegationMode.AwaitingCompleter || k != _negation.Completer) return false;
        if (info.Role == Role.NotOnly)
        {
            // "ne ... pas seulement": not only, no negation
            _negation.Mode = NegationMode.None;
            _notOnly = true;
        }
        else if (_negation.LackUnderNe)
        {
            _negation.Mode = NegationMode.None;
            _negation.LackUnderNe = false;
        }
        else
        {
            // pas, plus, jamais, "pas du tout", "pas très"...: the negation goes on after its completer
            _negation.Mode = NegationMode.InScope;
            _negation.WordsLeft = _o.NegationScope;
        }
        return true;
    }

    /// <summary>
    /// A word whose role changes how later words count (negation, intensity, contrast, concession...). True when unit
    /// <paramref name="k"/> was taken as such; false when it is to be read as a word ("plus" = more, "super" alone).
    /// </summary>
    public bool TakeRole(ReadOnlySpan<FrenchSentiment.Unit> units, int k)
    {
        var info = units[k].Info;
        switch (info.Role)
        {
            case Role.Ne:
                OpenNe(units, k);
                return true;
            case Role.NegatorWithNe:
                return false; // "plus" = more, "personne" = person
            case Role.Negator:
            case Role.Lack:
                Negate(info);
                return true;
            case Role.Intensifier:
                _pending.Multiplier *= info.Factor;
                _pending.WordsLeft = 2;
                return true;
            case Role.Trop:
                _pending.Multiplier *= info.Factor;
                _pending.WordsLeft = 2;
                _pending.Trop = true;
                return true;
            case Role.Super:
                if (k + 1 >= units.Length || FrenchSentiment.IsBoundary(units[k + 1].Kind) || units[k + 1].Info.Polarity == 0) return false;
                _pending.Multiplier *= info.Factor;
                _pending.WordsLeft = 1;
                return true;
            case Role.FlipDiminisher:
                _pending.Flip = true;
                _pending.WordsLeft = 2;
                return true;
            case Role.Contrast:
                Contrast(additive: k + 1 < units.Length && units[k + 1].Info.Role == Role.Additive);
                return true;
            case Role.Concessive:
                _clauseWeight = _o.Concessive;
                return true;
            case Role.Conclusion:
                _sentenceWeight = Math.Max(_sentenceWeight, _o.Conclusion);
                return true;
            case Role.NotOnly:
                _notOnly = true;
                return true;
            default:
                return false;
        }
    }

    /// <summary>"ne": looks for its completer in the clause; "ne ... que" restricts, it does not negate.</summary>
    void OpenNe(ReadOnlySpan<FrenchSentiment.Unit> units, int k)
    {
        var found = -1;
        for (var j = k + 1; j < units.Length && j <= k + 6; j++)
        {
            ref readonly var next = ref units[j];
            if (FrenchSentiment.IsBoundary(next.Kind) || next.Info.AbsorbsNegation || next.Info.Role is Role.Contrast or Role.Concessive) break;
            if (next.Info.Role is Role.Negator or Role.NegatorWithNe || next.Info.CompletesNe) { found = j; break; }
            if (next.Info.Role == Role.Restrictive) break;
        }
        if (found < 0) return;
        _negation.Completer = found;
        if (_negation.Mode != NegationMode.None) return;
        _negation.Mode = NegationMode.AwaitingCompleter;
        _negation.Hit = false;
        _negation.Penalty = 1.0;
    }

    /// <summary>A negator without "ne" ("pas", "sans", "jamais", "non") or a lack word ("manque").</summary>
    void Negate(in WordInfo info)
    {
        if (_negation.Mode == NegationMode.AwaitingCompleter)
        {
            if (info.Role == Role.Lack) _negation.LackUnderNe = true;
            return;
        }
        if (_negation.Mode == NegationMode.InScope)
        {
            // negative concord: "sans aucun", "ne ... jamais rien" negate once
            _negation.WordsLeft = Math.Max(_negation.WordsLeft, _o.NegationScope);
            return;
        }
        _negation.Mode = NegationMode.InScope;
        _negation.WordsLeft = _o.NegationScope;
        _negation.Hit = false;
        // the factor scales the no-target penalty: 0 for "jamais" alone, often a superlative
        // ("le meilleur que j'ai jamais vu"), and for "non"
        _negation.Penalty = info.Factor;
    }

    /// <summary>"mais", "cependant": what came before in the sentence (or the previous one, for an initial "Mais") counts less.</summary>
    void Contrast(bool additive)
    {
        if (additive || _notOnly) { _notOnly = false; return; }
        var from = _count > _sentenceStart ? _sentenceStart : _previousSentenceStart;
        for (var e = from; e < _count; e++) _evidence[e] *= _o.ContrastBefore;
        _sentenceWeight = _o.ContrastAfter;
    }

    /// <summary>A word: its polarity as the open modifier and negation change it, its emotions, and the scopes it uses up.</summary>
    public void Word(in FrenchSentiment.Unit unit)
    {
        var info = unit.Info;
        var v = (double)info.Polarity;
        var negated = _negation.Mode != NegationMode.None || (_pending.Flip && _pending.WordsLeft > 0);
        if (v != 0) Polar(v, negated, unit.Shouted);
        else if (info.Content && _pending.Trop && _pending.WordsLeft > 0)
        {
            // "trop long", "trop de monde"
            Add(-_o.TropNeutral * Weight);
            _pending.Clear();
        }
        if (info.Feel)
        {
            _emotionWords++;
            if (!negated && info.Emotions != 0)
                for (var e = 0; e < 6; e++)
                    if ((info.Emotions & (1 << e)) != 0) _emotions[e] += 1;
        }
        if (info.Content || v != 0) UseUpScopes();
    }

    void Polar(double v, bool negated, bool shouted)
    {
        var m = 1.0;
        if (_pending.WordsLeft > 0)
        {
            if (_pending.Trop && v > 0) m *= 1.3;                                      // "trop bien": colloquial "very"
            else if (negated && _pending.Multiplier > 1) m /= _pending.Multiplier;      // "pas très bon" is a soft negation
            else m *= _pending.Multiplier;
            if (_pending.Flip) v = v > 0 ? -0.5 * v : 0.5 * v;
            _pending.Clear();
        }
        if (_negation.Mode != NegationMode.None)
        {
            // a faint word ("bancs" 0.05) does not use up the negation: "il manque des bancs" stays negative
            if (Math.Abs(v) >= 0.15) _negation.Hit = true;
            v = v > 0 ? -v * _o.NegatedPositive : -v * _o.NegatedNegative;
        }
        if (shouted) m *= _o.Shout;
        Add(v * m * Weight);
    }

    /// <summary>A content word counts against the modifier's and the negation's reach.</summary>
    void UseUpScopes()
    {
        if (_pending.WordsLeft > 0 && --_pending.WordsLeft == 0)
        {
            if (_pending.Flip) Add(-_o.NegationPenalty * Weight);
            _pending.Clear();
        }
        if (_negation.Mode == NegationMode.InScope && --_negation.WordsLeft <= 0)
        {
            if (!_negation.Hit && _negation.Penalty > 0) Add(-_o.NegationPenalty * _negation.Penalty * Weight);
            _negation.Mode = NegationMode.None;
        }
    }

    /// <summary>The score, (P - N) / (P + N + smoothing) in [-1, 1], and the share of emotion words carrying each emotion.</summary>
    public (double Score, EmotionScores Emotions) Finish()
    {
        CloseUnusedScopes();
        double pos = 0, neg = 0;
        for (var e = 0; e < _count; e++)
        {
            if (_evidence[e] > 0) pos += _evidence[e];
            else neg -= _evidence[e];
        }
        var score = pos + neg > 0 ? (pos - neg) / (pos + neg + _o.Smoothing) : 0.0;
        var emotions = new double[6];
        if (_emotionWords > 0)
            for (var e = 0; e < 6; e++) emotions[e] = _emotions[e] / _emotionWords;
        return (Math.Clamp(score, -1, 1), new EmotionScores(emotions));
    }
}
