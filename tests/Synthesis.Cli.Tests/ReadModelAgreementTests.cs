using System.Net;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Cli.Tests;

/// <summary>
/// `synthesis topics`, `/api/topics` and the CSV report read one model of the analysis: after a reviewer corrects a
/// passage's question, all three count it under the corrected question (the CLI read the machine's before).
/// </summary>
public class ReadModelAgreementTests
{
    static string Nantes => Path.Combine(Cli.RepoRoot, "tests", "Synthesis.Api.Tests", "Data", "nantes-solidarites.csv");

    static int Port()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Each theme's count of passages for <paramref name="question"/>, as `synthesis topics` gives it.</summary>
    static Dictionary<long, long> FromCli(string data, string question) =>
        Cli.Json("topics", "--data", data)["topics"]!.AsArray().Where(t => t!["parent_id"] is null)
            .ToDictionary(t => (long)t!["id"]!, t => (long)t!["questions"]![question]!);

    [Fact]
    public async Task After_a_reviewer_corrects_a_question_the_cli_the_api_and_the_csv_report_count_it_the_same()
    {
        var data = Path.Combine(Cli.TempDir(), "data");
        Cli.Json("import", Nantes, "--data", data);
        Cli.Json("analyse", "--data", data);
        var store = SynthesisStore.Open(data);
        // a passage of the largest theme the machine did not read as engagement
        long passage, theme;
        using (var c = store.Connect())
        {
            theme = c.ScalarLong("SELECT id FROM topics WHERE retired = 0 AND parent_id IS NULL ORDER BY size DESC, id LIMIT 1");
            passage = c.ScalarLong("""
                SELECT ta.passage_id FROM topic_assignments ta JOIN passage_analysis a ON a.passage_id = ta.passage_id
                WHERE a.question <> 'engagement' AND ta.topic_id IN (SELECT id FROM topics WHERE id = $t OR parent_id = $t) ORDER BY 1 LIMIT 1
                """, null, ("$t", theme));
        }
        var before = FromCli(data, "engagement")[theme];
        new ReviewLog(store).SetQuestion("claire", passage, QuestionType.Engagement);

        var cli = FromCli(data, "engagement");
        Assert.Equal(before + 1, cli[theme]);

        var key = (string)Cli.Json("users", "key", "agreement", "--role", "analyst", "--data", data)["secret"]!;
        var port = Port();
        using var server = Cli.Start("serve", "--data", data, "--urls", $"http://127.0.0.1:{port}", "--no-worker");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
            for (var i = 0; i < 100; i++)
            {
                try { if ((await http.GetAsync("/health")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
                await Task.Delay(200);
            }
            var map = JsonNode.Parse(await http.GetStringAsync("/api/topics"))!["themes"]!.AsArray();
            var api = map.ToDictionary(t => (long)t!["id"]!, t => (long)t!["questions"]!["engagement"]!);
            Assert.Equal(cli, api);

            var csv = await http.GetStringAsync($"/api/reports/csv?topics={theme}");
            // the French CSV as a spreadsheet reads it: ';' between cells, quoted texts may hold any character
            using var reader = new CsvHelper.CsvReader(new StringReader(csv.TrimStart('\uFEFF')),
                new CsvHelper.Configuration.CsvConfiguration(System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) { Delimiter = ";" });
            var rows = new List<string[]>();
            reader.Read(); // the header
            while (reader.Read()) rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i)!).ToArray());
            Assert.Equal(cli[theme], rows.Count(r => r[5] == "engagement"));
            Assert.Contains(rows, r => r[0] == passage.ToString() && r[5] == "engagement");
        }
        finally
        {
            server.Kill(true);
        }
    }
}
