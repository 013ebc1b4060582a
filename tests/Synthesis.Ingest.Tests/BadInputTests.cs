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

    /// <summary>A CSV of <paramref name="rows"/> French proposals in UTF-8, with <paramref name="damage"/> applied to one row's bytes.</summary>
    static string CsvWithDamagedRow(string name, int rows, int damagedRow, Func<byte[], byte[]> damage)
    {
        var lines = new List<byte[]> { Encoding.UTF8.GetBytes("id,texte\n") };
        for (var row = 1; row <= rows; row++)
        {
            var line = Encoding.UTF8.GetBytes($"{row},\"Il faut mettre fin à l'obsolescence programmée, proposition n° {row}.\"\n");
            lines.Add(row == damagedRow ? damage(line) : line);
        }
        var path = Path.Combine(TestData.TempDir(), name);
        File.WriteAllBytes(path, lines.SelectMany(l => l).ToArray());
        return path;
    }

    /// <summary>The first "é" of a UTF-8 line written as Windows-1252 would write it (one byte, 0xE9).</summary>
    static byte[] LatinE(byte[] line)
    {
        var at = line.AsSpan().IndexOf("é"u8);
        return [.. line[..at], 0xE9, .. line[(at + 2)..]];
    }

    [Fact]
    public void One_invalid_utf8_byte_spoils_only_its_row_which_is_kept_and_named_with_its_offset()
    {
        var path = CsvWithDamagedRow("makeorg.csv", 12_000, 10_000, LatinE);
        var offset = File.ReadAllBytes(path).AsSpan().IndexOf((byte)0xE9);
        var (report, store) = Import(path);

        Assert.Equal(12_000, report.Imported);
        Assert.Empty(report.Errors);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal(10_000, warning.Row);
        Assert.Contains($"byte offset {offset}", warning.Reason);
        Assert.Contains("0xE9", warning.Reason);
        using var c = store.Connect();
        // every other row reads as written: no "programmÃ©e"
        Assert.Equal(11_999, c.ScalarLong("SELECT count(*) FROM contributions WHERE text LIKE '%programmée%'"));
        Assert.Equal(0, c.ScalarLong("SELECT count(*) FROM contributions WHERE text LIKE '%Ã%'"));
        Assert.Equal("Il faut mettre fin à l'obsolescence programm\uFFFDe, proposition n° 10000.",
            c.Scalar("SELECT text FROM contributions WHERE external_ref = '10000'"));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10_000)]
    public void A_nul_byte_rejects_its_row_with_the_offset_and_the_other_rows_are_imported(int row)
    {
        var path = CsvWithDamagedRow("nul.csv", 12_000, row, line => [.. line[..10], 0, .. line[10..]]);
        var offset = File.ReadAllBytes(path).AsSpan().IndexOf((byte)0);
        var (report, store) = Import(path);

        Assert.Equal(11_999, report.Imported);
        var error = Assert.Single(report.Errors);
        Assert.Equal(row, error.Row);
        Assert.Contains($"NUL byte at byte offset {offset}", error.Reason);
        Assert.DoesNotContain("binary", error.Reason);
        using var c = store.Connect();
        Assert.Equal(0, c.ScalarLong("SELECT count(*) FROM contributions WHERE instr(text, char(0)) > 0"));
    }

    [Fact]
    public void A_utf16_file_without_byte_order_mark_is_read_as_text()
    {
        var path = Path.Combine(TestData.TempDir(), "export.csv");
        File.WriteAllBytes(path, new UnicodeEncoding(bigEndian: false, byteOrderMark: false).GetBytes("texte;quartier\nLes aînés de Malakoff sont isolés.;Malakoff\n"));
        var (report, store) = Import(path);
        Assert.Equal(1, report.Imported);
        using var c = store.Connect();
        Assert.Equal("Les aînés de Malakoff sont isolés.", c.Scalar("SELECT text FROM contributions"));
    }

    [Fact]
    public void A_text_document_with_a_damaged_byte_is_imported_with_a_warning_naming_the_line()
    {
        var path = Path.Combine(TestData.TempDir(), "atelier.txt");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("Compte rendu de l'atelier.\nLes aînés sont isol"), 0xE9, .. Encoding.UTF8.GetBytes("s.\n")]);
        var (report, _) = Import(path);
        Assert.Equal(1, report.Imported);
        Assert.Contains("(line 2)", Assert.Single(report.Warnings).Reason);
    }

    [Fact]
    public void A_folder_link_loop_is_walked_once_and_reported_once()
    {
        var dir = Path.Combine(TestData.TempDir(), "loopdir");
        Directory.CreateDirectory(Path.Combine(dir, "quartiers"));
        File.WriteAllText(Path.Combine(dir, "a.txt"), "Il faut plus de bancs publics place Royale.");
        File.WriteAllText(Path.Combine(dir, "quartiers", "b.txt"), "Les aînés de Bellevue sont isolés.");
        Directory.CreateSymbolicLink(Path.Combine(dir, "self"), "../loopdir");
        Directory.CreateSymbolicLink(Path.Combine(dir, "quartiers", "retour"), "..");
        // two links to one folder outside: its file once
        var outside = Path.Combine(TestData.TempDir(), "ailleurs");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "c.txt"), "Un jardin partagé à Malakoff.");
        Directory.CreateSymbolicLink(Path.Combine(dir, "lien1"), outside);
        Directory.CreateSymbolicLink(Path.Combine(dir, "lien2"), outside);

        var import = Task.Run(() => Import(dir));
        Assert.True(import.Wait(TimeSpan.FromSeconds(30)), "the import did not finish: a loop was followed");
        var (report, store) = import.Result;

        Assert.Equal(3, report.Files);
        Assert.Equal(3, report.Imported);
        Assert.Empty(report.Errors);
        Assert.Equal(["lien2", "quartiers/retour", "self"], report.Warnings.Select(w => w.Source).Order(StringComparer.Ordinal).ToArray());
        Assert.All(report.Warnings, w => Assert.Contains("not followed again", w.Reason));
        using var c = store.Connect();
        Assert.Equal(3, c.ScalarLong("SELECT count(*) FROM contributions"));
    }

    [Fact]
    public void A_map_to_a_missing_column_is_one_error_naming_the_columns()
    {
        var path = TestData.WriteFile("m.csv", "id,contenu\n1,Un texte.\n2,Un autre.\n3,Encore un.\n");
        var (report, _) = Import(path, new ImportOptions { Fields = new Dictionary<Target, string> { [Target.Text] = "nonexistent" } });
        Assert.Equal(0, report.Imported);
        var error = Assert.Single(report.Errors);
        Assert.Contains("no column 'nonexistent'", error.Reason);
        Assert.Contains("id, contenu", error.Reason);
    }

    [Fact]
    public void Rows_with_another_delimiter_than_the_header_say_so()
    {
        var (report, _) = Import(TestData.WriteFile("mixte.csv", "id,texte\n1;Il faut des bancs\n2,Il faut des arbres\n"));
        Assert.Equal(1, report.Imported);
        var error = Assert.Single(report.Errors);
        Assert.Equal(1, error.Row);
        Assert.Contains("separated by ';'", error.Reason);
    }

    [Fact]
    public void A_json_record_with_a_key_twice_is_rejected_by_row()
    {
        var (report, _) = Import(TestData.WriteFile("d.jsonl", "{\"text\": \"Premier.\", \"Text\": \"Second.\"}\n{\"text\": \"Un seul.\"}\n"));
        Assert.Equal(1, report.Imported);
        var error = Assert.Single(report.Errors);
        Assert.Equal(1, error.Row);
        Assert.Contains("twice", error.Reason);
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
