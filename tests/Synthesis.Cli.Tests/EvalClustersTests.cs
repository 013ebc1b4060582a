using System.Text.Json;
using System.Text.Json.Nodes;

namespace Synthesis.Cli.Tests;

/// <summary><c>synthesis eval clusters</c>: the product's pipeline on a labelled file in a temporary data folder.</summary>
public class EvalClustersTests
{
    static readonly (string Label, string[] Texts)[] Subjects =
    [
        ("transport", ["Il faut plus de pistes cyclables sécurisées pour aller au travail à vélo.", "Les bus passent trop rarement le soir dans notre quartier.",
            "Le tramway devrait desservir les communes voisines.", "Développer le covoiturage et les parkings relais aux entrées de la ville.",
            "Les trottoirs sont encombrés, on ne circule pas à pied.", "Un abonnement de bus moins cher pour les jeunes et les retraités.",
            "Des arceaux pour garer son vélo près des gares.", "Les horaires des trains ne correspondent pas aux horaires de travail.",
            "Réduire la vitesse des voitures près des écoles.", "Une ligne de bus directe vers l'hôpital."]),
        ("impots", ["Les impôts sur le revenu pèsent trop sur les classes moyennes.", "Il faut taxer davantage les grandes fortunes et les dividendes.",
            "La TVA sur les produits de première nécessité doit baisser.", "La taxe foncière augmente chaque année pour les propriétaires modestes.",
            "Lutter contre l'évasion fiscale des multinationales.", "Rendre l'impôt plus progressif avec plus de tranches.",
            "Supprimer les niches fiscales qui profitent aux plus riches.", "Les retraités paient trop de CSG.",
            "Simplifier la déclaration d'impôts en ligne.", "Rétablir l'impôt sur la fortune."]),
        ("ecole", ["Les classes sont surchargées dans les écoles primaires.", "Il manque des enseignants remplaçants au collège.",
            "La cantine scolaire devrait proposer des repas bio.", "Former les professeurs à accueillir les enfants handicapés.",
            "Plus d'aide aux devoirs gratuite après l'école.", "Rénover les bâtiments scolaires qui tombent en ruine.",
            "Les lycéens ont besoin de conseillers d'orientation.", "Des activités périscolaires culturelles et sportives pour tous les élèves.",
            "Réduire le nombre d'élèves par classe en maternelle.", "Mieux payer les enseignants pour attirer des candidats."]),
    ];

    static string LabelledFile()
    {
        var dir = Cli.TempDir();
        var path = Path.Combine(dir, "clusters.jsonl");
        File.WriteAllLines(path, Subjects.SelectMany(s => s.Texts.Select((t, i) => JsonSerializer.Serialize(new { id = $"{s.Label}-{i}", text = t, label = s.Label }))));
        return path;
    }

    [Fact]
    public void Writes_one_cluster_per_line_and_scores_them_against_the_labels()
    {
        var input = LabelledFile();
        var output = Path.Combine(Path.GetDirectoryName(input)!, "out", "assignments.jsonl");
        var summary = Cli.Json("eval", "clusters", "--input", input, "--out", output);
        Assert.Equal(30, summary["items"]!.GetValue<int>());
        Assert.Equal(3, summary["k"]!.GetValue<int>()); // the number of labels
        var lines = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(Subjects.SelectMany(s => s.Texts.Select((_, i) => $"{s.Label}-{i}")), lines.Select(l => l["id"]!.GetValue<string>()));
        Assert.All(lines, l => Assert.NotNull(l["cluster"]));
        var nmi = summary["nmi"]!.GetValue<double>();
        var ari = summary["ari"]!.GetValue<double>();
        // three plainly different subjects: the themes must follow them
        Assert.True(nmi > 0.5, summary.ToJsonString());
        Assert.InRange(ari, -1, 1);
        Assert.True(summary["unassigned"]!.GetValue<int>() <= 3);
        // the same file gives the same clusters
        var again = Path.Combine(Path.GetDirectoryName(input)!, "again.jsonl");
        Cli.Json("eval", "clusters", "--input", input, "--out", again);
        Assert.Equal(File.ReadAllText(output), File.ReadAllText(again));
    }

    [Fact]
    public void Lsa_alone_and_a_forced_k_are_accepted_and_bad_input_names_its_line()
    {
        var input = LabelledFile();
        var summary = Cli.Json("eval", "clusters", "--input", input, "--k", "2", "--embedder", "none");
        Assert.Equal(2, summary["k"]!.GetValue<int>());
        Assert.True(summary["clusters"]!.GetValue<int>() <= 2);

        var bad = Path.Combine(Path.GetDirectoryName(input)!, "bad.jsonl");
        File.WriteAllLines(bad, ["{\"id\":\"a\",\"text\":\"Des bus le soir.\"}", "{\"id\":\"b\"}"]);
        var (code, _, err) = Cli.Run("eval", "clusters", "--input", bad);
        Assert.Equal(2, code);
        Assert.Contains("line 2", err);
        Assert.Contains("\"text\"", err);

        var (onnxCode, _, onnxErr) = Cli.Run("eval", "clusters", "--input", input, "--embedder", "onnx:/no/such/folder");
        Assert.Equal(2, onnxCode);
        Assert.Contains("no such folder", onnxErr);
        var (fileCode, _, fileErr) = Cli.Run("eval", "clusters", "--input", input, "--embedder", "builtin:/no/such/model.gz");
        Assert.Equal(2, fileCode);
        Assert.Contains("models train", fileErr);
    }
}
