using Synthesis.Ingest.Import;

namespace Synthesis.Ingest.Tests;

public class PresetImportTests
{
    static ImportReport Import(SynthesisStore store, string path, ImportOptions? options = null) =>
        new Importer(store, options ?? new ImportOptions()).Import(path);

    [Fact]
    public void MakeOrg_imports_every_one_of_the_18690_proposals_and_detects_its_preset()
    {
        var store = TestData.NewStore();
        var report = Import(store, TestData.EvalData("makeorg", "mondedapres_2020_05_28.noauthor.csv"));

        Assert.Equal(18_690, report.Imported);
        Assert.Equal(0, report.Rejected);
        Assert.Empty(report.Errors);
        using var c = store.Connect();
        Assert.Equal(18_690, c.ScalarLong("SELECT count(*) FROM contributions"));
        Assert.Equal(18_690, c.ScalarLong("SELECT count(*) FROM jobs WHERE stage = 'segment' AND state = 'pending'"));
        Assert.Equal(18_690, c.ScalarLong("SELECT count(*) FROM contributions WHERE channel = 'platform' AND publishable = 1"));
        Assert.InRange(c.ScalarLong("SELECT count(*) FROM contributions WHERE text LIKE 'Il faut%'"), 18_600, 18_690);
        // Unmapped columns (votes, adhesion...) are kept as metadata.
        Assert.Contains("\"votes\":\"2665\"", (string)c.Scalar("SELECT metadata FROM contributions ORDER BY id LIMIT 1")!);
    }

    [Fact]
    public void GrandDebat_answers_import_with_dates_profiles_and_postcodes()
    {
        var store = TestData.NewStore();
        var report = Import(store, TestData.EvalData("granddebat", "answers.dev.json"));

        Assert.Equal(1_545, report.Imported);
        Assert.Empty(report.Errors);
        using var c = store.Connect();
        Assert.Equal(15, c.ScalarLong("SELECT count(*) FROM contributions WHERE profile = 'institution'"));
        Assert.Equal(7, c.ScalarLong("SELECT count(*) FROM contributions WHERE profile = 'community_organisation' AND author_kind = 'collective'"));
        Assert.Equal("2019-01-23T18:53:54+01:00", c.Scalar("SELECT date FROM contributions WHERE external_ref = '19188'"));
        Assert.Equal("56230", c.Scalar("SELECT neighbourhood FROM contributions WHERE external_ref = '19188'"));
        // exported as numbers, the codes of départements 01 to 09 lost their zero: it is put back (Nice), other values kept
        Assert.Equal("06000", c.Scalar("SELECT neighbourhood FROM contributions WHERE external_ref = '255734'"));
        Assert.Equal("78", c.Scalar("SELECT neighbourhood FROM contributions WHERE external_ref = '514145'"));
        // a code of seven digits is none: the answer is kept without a neighbourhood, and the import says why
        Assert.Null(c.Scalar("SELECT neighbourhood FROM contributions WHERE external_ref = '782280'"));
        Assert.Contains(report.Warnings, w => w.Reason.Contains("'authorZipCode': '5650847' is not a postal code", StringComparison.Ordinal));
        Assert.DoesNotContain(Dapper.SqlMapper.Query<string>(c, "SELECT DISTINCT neighbourhood FROM contributions WHERE neighbourhood IS NOT NULL"), n => n.Length > 5);
        Assert.Equal("Etre ou ne pas être un citoyen...", c.Scalar("SELECT title FROM contributions WHERE external_ref = '19188'"));
    }

    [SkippableFact]
    public void Decidim_proposals_import_all_196_despite_multi_line_fields()
    {
        var path = TestData.Shared("decidim-grand-debat-mel-nancy", "propositions-libres.csv");
        Skip.If(path is null, "../shared/data is not present on this machine");
        var store = TestData.NewStore();
        var report = Import(store, path!);

        Assert.Equal(196, report.Imported);
        Assert.Empty(report.Errors);
        using var c = store.Connect();
        var body = (string)c.Scalar("SELECT text FROM contributions WHERE external_ref = '661'")!;
        Assert.StartsWith("Il est maintenant temps de \"réinvestir\" le capitalisme\nDans ce sens", body);
        Assert.Contains("- La taxation des GAFA", body);
        Assert.Equal("Ethique du capitalisme", c.Scalar("SELECT title FROM contributions WHERE external_ref = '661'"));
        Assert.Equal("2019-01-24T22:29:15+01:00", c.Scalar("SELECT date FROM contributions WHERE external_ref = '457'"));
    }

    [Fact]
    public void Reimporting_creates_nothing_new()
    {
        var store = TestData.NewStore();
        var folder = TestData.EvalData("demo");
        var first = Import(store, folder);
        var second = Import(store, folder);

        Assert.True(first.Imported > 4_000);
        Assert.Equal(0, second.Imported);
        Assert.Equal(first.Imported, second.Duplicates);
        using var c = store.Connect();
        Assert.Equal(first.Imported, c.ScalarLong("SELECT count(*) FROM contributions"));
        Assert.Equal(first.Imported, c.ScalarLong("SELECT count(*) FROM jobs"));
    }

    [Fact]
    public void The_same_text_under_a_new_external_reference_is_a_new_contribution()
    {
        var store = TestData.NewStore();
        var a = TestData.WriteFile("a.jsonl", "{\"id\": \"A-1\", \"text\": \"Il manque des lieux pour se retrouver le soir.\"}\n");
        var b = TestData.WriteFile("b.jsonl", "{\"id\": \"B-7\", \"text\": \"Il manque des lieux pour se retrouver le soir.\"}\n");

        Assert.Equal(1, Import(store, a).Imported);
        Assert.Equal(1, Import(store, b).Imported);
        Assert.Equal(1, Import(store, b).Duplicates);
        using var c = store.Connect();
        Assert.Equal(2, c.ScalarLong("SELECT count(*) FROM contributions"));
    }

    [Fact]
    public void Original_files_are_kept_content_addressed_and_read_only()
    {
        var store = TestData.NewStore();
        var path = TestData.EvalData("demo", "makeorg-propositions-extrait.csv");
        Import(store, path);

        var sha = BlobStore.Sha256Of(path);
        var kept = store.Blobs.PathOf(sha);
        Assert.True(File.Exists(kept));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(kept));
        Assert.True(File.GetAttributes(kept).HasFlag(FileAttributes.ReadOnly));
        using var c = store.Connect();
        Assert.Equal(2_995, c.ScalarLong("SELECT count(*) FROM contributions WHERE original_sha256 = $s", null, ("$s", sha)));
        Assert.Equal(2_995, c.ScalarLong("SELECT max(original_row) FROM contributions"));
    }

    [Fact]
    public void Explicit_mapping_and_constants_override_detection()
    {
        var store = TestData.NewStore();
        var csv = TestData.WriteFile("atelier.csv",
            "num;verbatim;quartier;quand\n1;On manque de bénévoles le samedi.;Bellevue;12/03/2022\n2;Je propose un repas partagé.;Dervallières;13/03/2022\n");
        var report = new Importer(store, new ImportOptions
        {
            Fields = FieldMapping.ParsePairs("text=verbatim,ref=num,neighbourhood=quartier,date=quand", "--map"),
            Constants = FieldMapping.ParsePairs("channel=workshop,profile=citizen_collective", "--set"),
        }).Import(csv);

        Assert.Equal(2, report.Imported);
        using var c = store.Connect();
        Assert.Equal("workshop|citizen_collective|Dervallières|2022-03-13T00:00:00+01:00",
            c.Scalar("SELECT channel || '|' || profile || '|' || neighbourhood || '|' || date FROM contributions WHERE external_ref = '2'"));
    }

    [Fact]
    public void Media_files_are_stored_and_queued_with_their_sidecar_metadata()
    {
        var store = TestData.NewStore();
        var report = Import(store, TestData.EvalData("demo", "enregistrements"));

        Assert.Equal(3, report.Imported);
        using var c = store.Connect();
        Assert.Equal(3, c.ScalarLong("SELECT count(*) FROM jobs WHERE stage = 'transcribe'"));
        Assert.Equal(3, c.ScalarLong("SELECT count(*) FROM contributions WHERE channel = 'street_event' AND neighbourhood = 'Bellevue' AND media = 'audio'"));
    }
}
