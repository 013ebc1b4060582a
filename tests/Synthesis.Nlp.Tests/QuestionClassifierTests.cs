using System.Text.Json;
using Synthesis.Nlp.Questions;
using Xunit.Abstractions;

namespace Synthesis.Nlp.Tests;

public class QuestionClassifierTests(ITestOutputHelper output)
{
    static readonly QuestionClassifier Zero = QuestionClassifier.ZeroShot();

    [Theory]
    [InlineData("Il faudrait ouvrir un lieu d'accueil le soir", QuestionType.Solution)]
    [InlineData("Je propose de créer une épicerie solidaire dans le quartier.", QuestionType.Solution)]
    [InlineData("On pourrait mutualiser les locaux entre associations.", QuestionType.Solution)]
    [InlineData("Développer les transports à la demande pour les villages.", QuestionType.Solution)]
    [InlineData("Il est nécessaire de mieux coordonner les services sociaux et les associations.", QuestionType.Solution)]
    [InlineData("Les personnes âgées sont de plus en plus isolées, on manque de bénévoles", QuestionType.Problem)]
    [InlineData("Il n'y a pas assez de places d'hébergement d'urgence l'hiver.", QuestionType.Problem)]
    [InlineData("Le problème c'est que les loyers augmentent et que les familles partent.", QuestionType.Problem)]
    [InlineData("Beaucoup d'étudiants n'arrivent plus à se nourrir correctement.", QuestionType.Problem)]
    [InlineData("Je suis bénévole aux Restos du cœur depuis deux ans", QuestionType.Engagement)]
    [InlineData("Nous organisons chaque mois une collecte de vêtements avec les voisins.", QuestionType.Engagement)]
    [InlineData("Je participe à un atelier de réparation et j'aide mes voisins âgés pour leurs courses.", QuestionType.Engagement)]
    [InlineData("Je serais prêt à donner de mon temps pour accompagner des jeunes.", QuestionType.Engagement)]
    public void Zero_shot_cues_pick_the_question(string text, QuestionType expected)
    {
        var s = Zero.Score(text);
        Assert.Equal(expected, s.Top);
    }

    [Fact]
    public void Scores_are_multi_label_in_unit_range_and_other_without_cues()
    {
        var both = Zero.Score("On manque de bénévoles le soir, il faudrait créer un réseau d'entraide entre voisins.");
        Assert.True(both.Problem > 0.4 && both.Solution > 0.4, $"{both}");
        foreach (var s in new[] { both, Zero.Score(""), Zero.Score("Bonjour."), Zero.Score("!!!") })
            foreach (var v in new[] { s.Problem, s.Engagement, s.Solution, s.Other })
                Assert.InRange(v, 0.0, 1.0);
        Assert.Equal(QuestionType.Other, Zero.Score("").Top);
        Assert.Equal(QuestionType.Other, Zero.Score("Merci.").Top);
    }

    [Fact]
    public void Normalisation_folds_accents_and_restores_elisions()
    {
        var t = FrenchTokens.Parse("L’État n'a qu'à créer l'aide aujourd'hui ; faudrait-il ?");
        Assert.Equal(["le", "etat", "ne", "a", "que", "a", "creer", "le", "aide", "aujourdhui", "faudrait", "il"], t.Folded);
        Assert.Equal(Boundary.Strong, t.Before[10]);
        Assert.Equal("créer", t.Accented[6]);
    }

    [Fact]
    public void Morphology_recognises_infinitives_conditionals_and_participles()
    {
        foreach (var w in new[] { "creer", "developper", "trier", "ouvrir", "promouvoir", "mettre", "reduire", "faire", "construire", "etre" })
            Assert.True(QuestionCues.IsInfinitive(w), w);
        foreach (var w in new[] { "hiver", "quartier", "avenir", "espoir", "lettre", "centre", "nature", "premier", "loyer" })
            Assert.False(QuestionCues.IsInfinitive(w), w);
        foreach (var w in new[] { "faudrait", "pourrait", "serions", "devraient", "aimerais" })
            Assert.True(QuestionCues.IsConditional(w), w);
        foreach (var w in new[] { "frais", "portrait", "jamais", "vrai" })
            Assert.False(QuestionCues.IsConditional(w), w);
        Assert.True(QuestionCues.IsParticiple("créé", "cree"));
        Assert.True(QuestionCues.IsParticiple("rejoint", "rejoint"));
        Assert.False(QuestionCues.IsParticiple("voiture", "voiture"));
    }

    [Fact]
    public void Score_is_deterministic_and_thread_safe()
    {
        var texts = Enumerable.Range(0, 200).Select(i => (i % 3) switch
        {
            0 => $"Il faudrait {i} places de plus",
            1 => $"Je suis bénévole depuis {i} ans",
            _ => $"On manque de moyens, {i} familles attendent",
        }).ToArray();
        var expected = texts.Select(Zero.Score).ToArray();
        var parallel = new QuestionScores[texts.Length];
        Parallel.For(0, texts.Length, i => parallel[i] = Zero.Score(texts[i]));
        Assert.Equal(expected, parallel);
    }

    static readonly (string, QuestionType)[] Tiny =
    [
        ("Il faudrait créer plus de places en crèche", QuestionType.Solution),
        ("Ouvrir les écoles le week-end aux associations", QuestionType.Solution),
        ("Mettre en place un guichet unique pour les aides", QuestionType.Solution),
        ("On pourrait proposer des navettes gratuites", QuestionType.Solution),
        ("Les loyers sont trop chers pour les jeunes", QuestionType.Problem),
        ("Il n'y a plus de médecin dans le quartier", QuestionType.Problem),
        ("Les personnes âgées sont isolées", QuestionType.Problem),
        ("On manque de lieux pour se retrouver", QuestionType.Problem),
        ("Je suis bénévole dans une association", QuestionType.Engagement),
        ("Nous organisons des repas partagés", QuestionType.Engagement),
        ("J'aide ma voisine à faire ses courses", QuestionType.Engagement),
        ("Je donne des cours de français aux migrants", QuestionType.Engagement),
    ];

    [Fact]
    public void Supervised_model_saves_and_loads_with_identical_scores()
    {
        var model = QuestionClassifier.Train(Tiny, seed: 7);
        Assert.True(model.IsSupervised);
        {
            using var file = new MemoryStream();
            model.Save(file);
            file.Position = 0;
            var loaded = QuestionClassifier.Load(file);
            Assert.True(loaded.IsSupervised);
            foreach (var text in new[] { "Il faudrait des bancs", "Je trie mes déchets", "Les bus sont bondés", "" })
            {
                var a = model.Score(text);
                var b = loaded.Score(text);
                Assert.Equal(a.Problem, b.Problem, 6);
                Assert.Equal(a.Engagement, b.Engagement, 6);
                Assert.Equal(a.Solution, b.Solution, 6);
                Assert.Equal(a.Other, b.Other, 6);
            }
            // the same examples and seed give the same model
            var again = QuestionClassifier.Train(Tiny, seed: 7);
            Assert.Equal(model.Score("Je trie mes déchets"), again.Score("Je trie mes déchets"));

            using var zeroFile = new MemoryStream();
            Zero.Save(zeroFile);
            zeroFile.Position = 0;
            var zero = QuestionClassifier.Load(zeroFile);
            Assert.False(zero.IsSupervised);
            Assert.Equal(Zero.Score("Il faudrait des bancs"), zero.Score("Il faudrait des bancs"));
        }
    }

    [Fact]
    public void Supervised_scores_are_thread_safe_and_blend_the_cues()
    {
        var model = QuestionClassifier.Train(Tiny);
        var texts = Enumerable.Range(0, 300).Select(i => (i % 3) switch
        {
            0 => $"Il faudrait {i} places en crèche",
            1 => $"J'aide {i} voisins âgés",
            _ => $"Il n'y a plus de médecin depuis {i} mois",
        }).ToArray();
        var expected = texts.Select(model.Score).ToArray();
        var parallel = new QuestionScores[texts.Length];
        Parallel.For(0, texts.Length, i => parallel[i] = model.Score(texts[i]));
        Assert.Equal(expected, parallel);
        Assert.Equal(QuestionType.Solution, model.Score("Il faudrait ouvrir un lieu d'accueil le soir").TopOfThree);
        Assert.Equal(QuestionType.Engagement, model.Score("Je suis bénévole aux Restos du cœur depuis deux ans").TopOfThree);
        Assert.Equal(QuestionType.Problem, model.Score("Les personnes âgées sont de plus en plus isolées, on manque de bénévoles").TopOfThree);
    }

    [Theory]
    [InlineData("Lutter contre l'isolement des personnes âgées en développant les visites à domicile.", QuestionType.Solution)]
    [InlineData("Pourquoi ne pas ouvrir les cantines scolaires aux personnes âgées isolées ?", QuestionType.Solution)]
    [InlineData("Manger local, limiter ses achats, réparer au lieu de jeter.", QuestionType.Engagement)]
    [InlineData("Moins de pollution et de bruit en ville.", QuestionType.Solution)]
    [InlineData("Moins d'oiseaux, moins d'insectes.", QuestionType.Problem)]
    [InlineData("Je souhaite créer une association d'entraide dans mon immeuble.", QuestionType.Engagement)]
    [InlineData("Je souhaite que la mairie crée une association d'entraide.", QuestionType.Solution)]
    [InlineData("L'air que je respire est de plus en plus pollué.", QuestionType.Problem)]
    public void Zero_shot_reads_remedies_agents_valence_and_subordination(string text, QuestionType expected)
    {
        Assert.Equal(expected, Zero.Score(text).TopOfThree);
    }

    [Fact]
    public void Training_needs_two_types()
    {
        Assert.Throws<ArgumentException>(() => QuestionClassifier.Train([("Il faut", QuestionType.Solution)]));
    }

    // ---------------- evaluation on the shared Grand Débat question-type sets ----------------

    internal static string? SharedData()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Synthesis.sln"))) dir = dir.Parent;
        if (dir?.Parent is null) return null;
        var data = Path.Combine(dir.Parent.FullName, "shared", "data");
        return Directory.Exists(data) ? data : null;
    }

    internal static List<(string Text, QuestionType Label)> ReadSet(string path)
    {
        var rows = new List<(string, QuestionType)>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var label = doc.RootElement.GetProperty("label").GetString() switch
            {
                "problem" => QuestionType.Problem,
                "engagement" => QuestionType.Engagement,
                "solution" => QuestionType.Solution,
                _ => QuestionType.Other,
            };
            rows.Add((doc.RootElement.GetProperty("text").GetString() ?? "", label));
        }
        return rows;
    }

    static readonly QuestionType[] Three = [QuestionType.Problem, QuestionType.Engagement, QuestionType.Solution];

    internal static double MacroF1(IReadOnlyList<QuestionType> gold, IReadOnlyList<QuestionType> predicted)
    {
        double sum = 0;
        foreach (var c in Three)
        {
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < gold.Count; i++)
            {
                if (predicted[i] == c && gold[i] == c) tp++;
                else if (predicted[i] == c) fp++;
                else if (gold[i] == c) fn++;
            }
            sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return sum / Three.Length;
    }

    /// <summary>Stratified folds: each label's examples in file order, shuffled with a fixed seed, dealt round-robin.</summary>
    internal static int[] StratifiedFolds(IReadOnlyList<(string Text, QuestionType Label)> rows, int k, int seed = 42)
    {
        var fold = new int[rows.Count];
        foreach (var group in Enumerable.Range(0, rows.Count).GroupBy(i => rows[i].Label).OrderBy(g => g.Key))
        {
            var idx = group.ToArray();
            var rng = new Random(seed);
            for (int i = idx.Length - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (idx[i], idx[j]) = (idx[j], idx[i]);
            }
            for (int i = 0; i < idx.Length; i++) fold[idx[i]] = i % k;
        }
        return fold;
    }

    internal static double CrossValidate(IReadOnlyList<(string Text, QuestionType Label)> rows, int k, Func<List<(string, QuestionType)>, QuestionClassifier> train)
    {
        var folds = StratifiedFolds(rows, k);
        var predicted = new QuestionType[rows.Count];
        for (int f = 0; f < k; f++)
        {
            var model = train(rows.Where((_, i) => folds[i] != f).ToList());
            for (int i = 0; i < rows.Count; i++)
                if (folds[i] == f) predicted[i] = model.Score(rows[i].Text).TopOfThree;
        }
        return MacroF1(rows.Select(r => r.Label).ToList(), predicted);
    }

    [SkippableFact]
    public void Grand_debat_question_types_zero_shot_and_supervised()
    {
        var data = SharedData();
        Skip.If(data is null, "shared data folder not found next to the repository");
        var envPath = Path.Combine(data!, "dev-sets", "granddebat.qtype-env.jsonl");
        Skip.IfNot(File.Exists(envPath), "granddebat.qtype-env.jsonl missing");
        var env = ReadSet(envPath);

        var gold = env.Select(r => r.Label).ToList();
        var zeroF1 = MacroF1(gold, env.Select(r => Zero.Score(r.Text).TopOfThree).ToList());
        output.WriteLine($"qtype-env (n={env.Count}) zero-shot macro-F1 {zeroF1:F3}");

        var allPath = Path.Combine(data!, "dev-sets", "granddebat.qtype.jsonl");
        if (File.Exists(allPath))
        {
            var all = ReadSet(allPath);
            var allF1 = MacroF1(all.Select(r => r.Label).ToList(), all.Select(r => Zero.Score(r.Text).TopOfThree).ToList());
            output.WriteLine($"qtype all questions (n={all.Count}) zero-shot macro-F1 {allF1:F3}");
        }

        var supF1 = CrossValidate(env, 5, rows => QuestionClassifier.Train(rows, seed: 1));
        output.WriteLine($"qtype-env supervised 5-fold stratified CV macro-F1 {supF1:F3}");

        var texts = env.Select(r => r.Text).ToArray();
        output.WriteLine($"mean passage length {texts.Average(t => t.Length):F0} characters");

        Assert.True(zeroF1 >= 0.60, $"zero-shot macro-F1 {zeroF1:F3} < 0.60");
        Assert.True(supF1 >= 0.80, $"supervised macro-F1 {supF1:F3} < 0.80");
    }
}
