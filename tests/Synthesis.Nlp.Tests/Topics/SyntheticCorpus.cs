using Synthesis.Nlp.Topics;

namespace Synthesis.Nlp.Tests.Topics;

/// <summary>
/// Planted themes and sub-themes: each passage's vector is its theme centre plus its sub-theme centre plus noise
/// (L2-normalised), and its lemmas are words of its theme and sub-theme plus filler. Deterministic for a seed.
/// </summary>
public sealed class SyntheticCorpus
{
    static readonly string[][] ThemeWords =
    [
        ["logement", "loyer", "habitat", "bailleur", "hlm"],
        ["transport", "bus", "tramway", "ligne", "mobilité"],
        ["santé", "médecin", "hôpital", "soin", "infirmier"],
        ["emploi", "travail", "chômage", "formation", "insertion"],
        ["école", "enfant", "enseignant", "parent", "cantine"],
        ["solitude", "isolement", "voisin", "lien", "visite"],
        ["alimentation", "repas", "colis", "épicerie", "cuisine"],
        ["numérique", "internet", "ordinateur", "démarche", "accompagnement"],
    ];

    static readonly string[][] SubWords =
    [
        ["jeune", "étudiant", "apprenti"],
        ["âgé", "retraité", "senior"],
        ["famille", "monoparental", "bébé"],
        ["handicap", "fauteuil", "accessibilité"],
        ["quartier", "centre", "périphérie"],
        ["nuit", "soir", "weekend"],
    ];

    static readonly string[] Filler = ["vraiment", "besoin", "idée", "proposer", "aider", "ville", "mieux", "important", "question", "public"];

    public required List<TopicInput> Inputs { get; init; }
    public required int[] Theme { get; init; }
    public required int[] Sub { get; init; }

    /// <summary>The source of each passage (0 or 1; all 0 unless <c>sourceWeight</c> is given).</summary>
    public required int[] Source { get; init; }

    public static SyntheticCorpus Make(int n, int themes = 6, int subsPerTheme = 3, int dim = 64, int seed = 7,
        double subWeight = 0.55, double noise = 0.9, int plantedOutliers = 0, long firstId = 1, double sourceWeight = 0)
    {
        var rng = new Random(seed);
        float[] Gaussian(int d)
        {
            var v = new float[d];
            for (var i = 0; i < d; i++)
            {
                var u1 = 1.0 - rng.NextDouble();
                var u2 = rng.NextDouble();
                v[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
            return v;
        }
        float[] Unit(float[] v)
        {
            var norm = Math.Sqrt(v.Sum(x => (double)x * x));
            return v.Select(x => (float)(x / norm)).ToArray();
        }
        var themeCentres = Enumerable.Range(0, themes).Select(_ => Unit(Gaussian(dim))).ToArray();
        var subCentres = Enumerable.Range(0, themes * subsPerTheme).Select(_ => Unit(Gaussian(dim))).ToArray();
        // two sources whose style moves every passage the same way, whatever its theme (two consultations, two channels)
        var sourceCentres = sourceWeight > 0 ? Enumerable.Range(0, 2).Select(_ => Unit(Gaussian(dim))).ToArray() : [new float[dim]];
        var source = new List<int>();
        string ThemeWord(int t, int i) => t < ThemeWords.Length ? ThemeWords[t][i % 5] : $"theme{t}mot{i % 5}";
        string SubWord(int t, int s, int i) => s < SubWords.Length && t < ThemeWords.Length ? SubWords[(s + t) % SubWords.Length][i % 3] : $"sous{t}x{s}mot{i % 3}";

        var inputs = new List<TopicInput>(n + plantedOutliers);
        var theme = new List<int>();
        var sub = new List<int>();
        for (var i = 0; i < n; i++)
        {
            var t = rng.Next(themes);
            var s = rng.Next(subsPerTheme);
            var noiseVec = Unit(Gaussian(dim));
            var src = sourceWeight > 0 ? rng.Next(2) : 0;
            var v = new float[dim];
            for (var d = 0; d < dim; d++)
                v[d] = themeCentres[t][d] + (float)subWeight * subCentres[t * subsPerTheme + s][d] + (float)noise * noiseVec[d]
                    + (float)sourceWeight * sourceCentres[src][d];
            var lemmas = new List<string>();
            for (var w = 0; w < 3; w++) lemmas.Add(ThemeWord(t, rng.Next(5)));
            for (var w = 0; w < 2; w++) lemmas.Add(SubWord(t, s, rng.Next(3)));
            for (var w = 0; w < 2; w++) lemmas.Add(Filler[rng.Next(Filler.Length)]);
            var text = string.Join(' ', lemmas) + $" numéro {i}";
            inputs.Add(new TopicInput(firstId + i, Unit(v), lemmas, text, 1000 + i));
            theme.Add(t);
            sub.Add(s);
            source.Add(src);
        }
        for (var o = 0; o < plantedOutliers; o++)
        {
            var lemmas = new List<string> { Filler[rng.Next(Filler.Length)], "divers" };
            inputs.Add(new TopicInput(firstId + n + o, Unit(Gaussian(dim)), lemmas, $"hors sujet {o}", 5000 + o));
            theme.Add(-1);
            sub.Add(-1);
            source.Add(-1);
        }
        return new SyntheticCorpus { Inputs = inputs, Theme = theme.ToArray(), Sub = sub.ToArray(), Source = source.ToArray() };
    }

    /// <summary>Theme (root topic) of each passage in a result; -1 for unassigned.</summary>
    public static long[] Roots(TopicResult result, IEnumerable<TopicInput> inputs)
    {
        var parent = result.Topics.ToDictionary(t => t.Id, t => t.ParentId);
        long Root(long id)
        {
            while (parent[id] is long p) id = p;
            return id;
        }
        return inputs.Select(p => result.Assignment[p.PassageId] is long l ? Root(l) : -1L).ToArray();
    }
}
