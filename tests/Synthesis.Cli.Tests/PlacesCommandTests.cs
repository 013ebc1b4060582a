using Microsoft.Data.Sqlite;

namespace Synthesis.Cli.Tests;

/// <summary>`synthesis places import`: postcodes, IRIS codes and streets named as the people who live there say it.</summary>
public class PlacesCommandTests
{
    static Dictionary<string, string?> Neighbourhoods(string data)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(data, "synthesis.db")};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT external_ref, neighbourhood FROM contributions";
        using var r = command.ExecuteReader();
        var found = new Dictionary<string, string?>();
        while (r.Read()) found[r.GetString(0)] = r.IsDBNull(1) ? null : r.GetString(1);
        return found;
    }

    [Fact]
    public void A_reference_table_names_the_places_already_imported_and_those_imported_after()
    {
        var dir = Cli.TempDir();
        var data = Path.Combine(dir, "data");
        File.WriteAllText(Path.Combine(dir, "contributions.csv"), """
            id;texte;quartier
            1;Il faut plus de bancs.;44100
            2;Les aînés sont isolés.;441090123
            3;La rue est sombre le soir.;Rue de la Paix
            4;Un jardin partagé serait bien.;Bellevue
            5;Le bus passe trop rarement.;75015
            """);
        Cli.Json("import", Path.Combine(dir, "contributions.csv"), "--data", data);
        var table = Path.Combine(dir, "quartiers.csv");
        File.WriteAllText(table, """
            code;quartier;type
            44100;Bellevue;
            441090123;Malakoff;iris
            rue de la paix;Centre-ville;rue
            ;Doulon;
            44300;Nantes Nord;planète
            """);

        var result = Cli.Json("places", "import", table, "--data", data);
        Assert.Equal(3, (int)result["places"]!);
        Assert.Equal(3, (int)result["contributions_renamed"]!);
        var errors = result["errors"]!.AsArray();
        Assert.Equal([4, 5], errors.Select(e => (int)e!["row"]!));
        Assert.Contains("code ('code') is empty", (string)errors[0]!["reason"]!);
        Assert.Contains("planète", (string)errors[1]!["reason"]!);
        Assert.Equal("75015", (string)result["unnamed"]![0]!["place"]!);
        Assert.Equal(new Dictionary<string, string?> { ["1"] = "Bellevue", ["2"] = "Malakoff", ["3"] = "Centre-ville", ["4"] = "Bellevue", ["5"] = "75015" },
            Neighbourhoods(data));

        // a later import is named as it comes in
        File.WriteAllText(Path.Combine(dir, "atelier.csv"), "id;texte;quartier\n6;Des cafés solidaires.;44100\n");
        Cli.Json("import", Path.Combine(dir, "atelier.csv"), "--data", data);
        Assert.Equal("Bellevue", Neighbourhoods(data)["6"]);

        // the table replaced: names follow it, and a place it no longer names gets back its value as imported
        File.WriteAllText(table, "code_postal,quartier\n44100,Bellevue - Sainte-Anne\n");
        result = Cli.Json("places", "import", table, "--replace", "--data", data);
        Assert.Equal(4, (int)result["contributions_renamed"]!);
        var after = Neighbourhoods(data);
        Assert.Equal("Bellevue - Sainte-Anne", after["1"]);
        Assert.Equal("441090123", after["2"]);
        Assert.Equal("Rue de la Paix", after["3"]);
        Assert.Equal("Bellevue - Sainte-Anne", after["6"]);
    }

    [Fact]
    public void A_table_without_a_name_column_is_a_usage_error_naming_the_columns()
    {
        var dir = Cli.TempDir();
        var data = Path.Combine(dir, "data");
        File.WriteAllText(Path.Combine(dir, "c.csv"), "texte\nIl faut des bancs.\n");
        Cli.Json("import", Path.Combine(dir, "c.csv"), "--data", data);
        File.WriteAllText(Path.Combine(dir, "t.csv"), "code;libelle\n44100;Bellevue\n");
        var (code, _, err) = Cli.Run("places", "import", Path.Combine(dir, "t.csv"), "--data", data);
        Assert.Equal(2, code);
        Assert.Contains("no neighbourhood name column", err);
        Assert.Contains("libelle", err);
    }
}
