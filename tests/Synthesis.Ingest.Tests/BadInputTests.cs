using System.Text;
using Synthesis.Ingest.Import;

namespace Synthesis.Ingest.Tests;

public class BadInputTests
{
    static (ImportReport Report, SynthesisStore Store) Import(string path, ImportOptions? options = null)
    {
        var store = TestData.NewStore();
        return (new Importer(store, options ?? new ImportOptions()).Import(path), store);
    }

    [Fact]
    public void An_empty_file_is_rejected_with_its_name()
    {
        var (report, _) = Import(TestData.WriteFile("vide.csv", ""));
        Assert.Equal(0, report.Imported);
        var error = Assert.Single(report.Errors);
        Assert.Equal("vide.csv", error.Source);
        Assert.Contains("empty", error.Reason);
    }

    [Fact]
    public void Binary_garbage_named_csv_is_rejected_and_the_rest_of_the_folder_goes_on()
    {
        var dir = TestData.TempDir();
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(Path.Combine(dir, "a-garbage.csv"), garbage);
        File.WriteAllText(Path.Combine(dir, "b-good.csv"), "texte\nIl faut plus de bancs publics.\n");

        var (report, store) = Import(dir);

        Assert.Equal(1, report.Imported);
        var error = Assert.Single(report.Errors);
        Assert.Equal("a-garbage.csv", error.Source);
        Assert.Contains("binary", error.Reason);
        // The original is kept even though it could not be read.
        Assert.True(store.Blobs.Contains(BlobStore.Sha256Of(Path.Combine(dir, "a-garbage.csv"))));
    }

    [Fact]
    public void A_malformed_jsonl_line_is_rejected_with_its_number_and_the_others_imported()
    {
        var path = TestData.WriteFile("c.jsonl",
            "{\"text\": \"Première contribution.\"}\n{\"text\": \"Deuxième contribution.\"}\n{\"text\": \"cassée\"\n\n{\"text\": \"Quatrième contribution.\"}\n");
        var (report, store) = Import(path);

        Assert.Equal(3, report.Imported);
        Assert.Equal(1, report.Rejected);
        var error = Assert.Single(report.Errors);
        Assert.Equal(3, error.Row);
        Assert.Contains("line 3", error.Reason);
        using var c = store.Connect();
        Assert.Equal(1, c.ScalarLong("SELECT count(*) FROM import_errors WHERE row = 3 AND source = 'c.jsonl'"));
    }

    [Fact]
    public void A_20_MB_field_is_rejected_with_the_limit_and_the_next_row_is_imported()
    {
        var sb = new StringBuilder("id,text\n1,\"");
        sb.Append('a', 20 * 1024 * 1024);
        sb.Append("\"\n2,Une contribution normale.\n");
        var (report, _) = Import(TestData.WriteFile("big.csv", sb.ToString()));

        Assert.Equal(1, report.Imported);
        var error = Assert.Single(report.Errors);
        Assert.Equal(1, error.Row);
        Assert.Contains("--max-text-chars", error.Reason);
        Assert.Contains("text", error.Reason);
    }

    [Fact]
    public void A_windows_1252_file_is_read_with_its_accents()
    {
        var path = TestData.WriteFile("ancien.csv", "texte;quartier\nLes aînés sont isolés à Malakoff, c'est très dur.;Malakoff\n", Encoding.GetEncoding(1252));
        var (report, store) = Import(path);

        Assert.Equal(1, report.Imported);
        using var c = store.Connect();
        Assert.Equal("Les aînés sont isolés à Malakoff, c'est très dur.", c.Scalar("SELECT text FROM contributions"));
    }

    [Fact]
    public void A_utf8_file_with_bom_keeps_its_first_header()
    {
        var path = TestData.WriteFile("bom.csv", "text,title\nIl faut des bancs.,Bancs\n", new UTF8Encoding(true));
        var (report, store) = Import(path);
        Assert.Equal(1, report.Imported);
        using var c = store.Connect();
        Assert.Equal("Bancs", c.Scalar("SELECT title FROM contributions"));
    }

    [Fact]
    public void Rows_without_text_are_rejected_by_row_not_dropped()
    {
        var (report, _) = Import(TestData.WriteFile("trous.csv", "text,title\nUn texte.,A\n,B\nUn autre texte.,C\n"));
        Assert.Equal(2, report.Imported);
        var error = Assert.Single(report.Errors);
        Assert.Equal(2, error.Row);
        Assert.Contains("'text'", error.Reason);
    }

    [Fact]
    public void A_file_with_no_text_field_says_how_to_map_one()
    {
        var (report, _) = Import(TestData.WriteFile("x.csv", "a,b\n1,2\n"));
        Assert.Equal(0, report.Imported);
        Assert.Contains("--map text=", report.Errors[0].Reason);
    }

    [Fact]
    public void An_unsupported_file_type_is_named()
    {
        var (report, _) = Import(TestData.WriteFile("tableur.xlsx", "PK..."));
        Assert.Contains("unsupported file type '.xlsx'", Assert.Single(report.Errors).Reason);
    }

    [Fact]
    public void A_path_that_does_not_exist_is_an_error()
    {
        var store = TestData.NewStore();
        Assert.Throws<FileNotFoundException>(() => new Importer(store, new ImportOptions()).Import("/nonexistent/contributions.csv"));
    }

    [Fact]
    public void A_bad_date_keeps_the_contribution_and_warns()
    {
        var (report, store) = Import(TestData.WriteFile("d.csv", "text,date\nBonjour à tous.,hier soir\n"));
        Assert.Equal(1, report.Imported);
        Assert.Contains("hier soir", Assert.Single(report.Warnings).Reason);
        using var c = store.Connect();
        Assert.Null(c.Scalar("SELECT date FROM contributions"));
    }
}
