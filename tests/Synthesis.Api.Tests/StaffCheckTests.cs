using System.Net;
using System.Text.Json.Nodes;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

/// <summary>A consultation of its own: a check's labels become review corrections.</summary>
public sealed class CheckFactory : IAsyncLifetime
{
    public ApiFactory Api { get; } = new() { WithDemo = false };
    public Task InitializeAsync() => ((IAsyncLifetime)Api).InitializeAsync();
    public Task DisposeAsync() => Api.DisposeAsync().AsTask();
}

public sealed class StaffCheckTests(CheckFactory fixture) : IClassFixture<CheckFactory>
{
    ApiFactory F => fixture.Api;

    [Fact]
    public async Task Staff_label_a_blind_sample_and_read_the_machines_agreement_which_the_report_states()
    {
        var reviewer = F.As(Roles.Reviewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await F.As(Roles.Analyst).GetAsync("/api/checks")).StatusCode);
        using (var tooBig = await reviewer.PostJson("/api/checks", new { size = 5000 }))
            Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);

        using var created = await reviewer.PostJson("/api/checks", new { size = 20 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (long)(await created.Json())["id"]!;
        var check = await reviewer.GetJson($"/api/checks/{id}");
        var items = check["items"]!.AsArray();
        Assert.Equal(20, items.Count);
        Assert.Equal(20, items.Select(i => (long)i!["passage_id"]!).Distinct().Count());
        // blind: the machine's labels are not given before the staff's
        Assert.All(items, i => { Assert.Null(i!["machine_tone"]); Assert.Null(i["machine_question"]); });
        Assert.Empty(check["agreements"]!.AsArray());

        // what the machine said, read from the store (the test knows; the labeller does not)
        Dictionary<long, (string Tone, string Question)> machine;
        using (var c = F.Store.Connect())
            machine = items.Select(i => (long)i!["passage_id"]!).ToDictionary(p => p, p =>
                ((string)c.Scalar("SELECT sentiment FROM passage_analysis WHERE passage_id = $p", null, ("$p", p))!,
                 (string)c.Scalar("SELECT question FROM passage_analysis WHERE passage_id = $p", null, ("$p", p))!));
        // the staff agree on the tone of the first 8 and say « negative » for 4 more; they call all 12 problems
        var labelled = items.Take(12).Select(i => (long)i!["passage_id"]!).ToList();
        foreach (var (p, k) in labelled.Select((p, k) => (p, k)))
        {
            var given = k < 8 ? machine[p].Tone : "negative";
            using var put = await reviewer.PutJson($"/api/checks/{id}/items/{p}", new { tone = given, question = "problem" });
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }
        using (var bad = await reviewer.PutJson($"/api/checks/{id}/items/{labelled[0]}", new { tone = "furious", question = "problem" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problem = await bad.Json();
            Assert.Contains("choisissez un ton", (string)problem["detail"]!);
            Assert.Equal("tone", (string)problem["field"]!);
        }
        using (var stranger = await reviewer.PutJson($"/api/checks/{id}/items/999999", new { tone = "neutral", question = "problem" }))
            Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);

        check = await reviewer.GetJson($"/api/checks/{id}");
        Assert.Equal(12, (int)check["check"]!["labelled"]!);
        var shown = check["items"]!.AsArray().Where(i => i!["tone"] is not null).ToList();
        Assert.All(shown, i => Assert.Equal(machine[(long)i!["passage_id"]!].Tone, (string)i["machine_tone"]!));
        var tone = check["agreements"]!.AsArray().Single(a => (string)a!["label"]! == "tone")!;
        var expectedTone = labelled.Select((p, k) => k < 8 || machine[p].Tone == "negative").Count(x => x) / 12.0;
        Assert.Equal(12, (int)tone["items"]!);
        Assert.Equal(expectedTone, (double)tone["accuracy"]!["value"]!, 6);
        Assert.InRange((double)tone["accuracy"]!["low"]!, 0, expectedTone);
        Assert.InRange((double)tone["accuracy"]!["high"]!, expectedTone, 1);
        Assert.Equal(12, tone["confusion"]!.AsArray().Sum(cell => (int)cell!["count"]!));
        var question = check["agreements"]!.AsArray().Single(a => (string)a!["label"]! == "question")!;
        Assert.Equal(labelled.Count(p => machine[p].Question == "problem") / 12.0, (double)question["accuracy"]!["value"]!, 6);

        // the staff's labels correct those passages (review decisions, logged) and so retrain the models
        using (var c = F.Store.Connect())
            foreach (var p in labelled)
                Assert.Equal("problem", c.Scalar("SELECT question FROM reviewed_passages WHERE id = $p", null, ("$p", p)));
        var log = (await reviewer.GetJson("/api/review/log"))["entries"]!.AsArray();
        Assert.Equal(labelled.Count(p => machine[p].Question != "problem"), log.Count(e => (string)e!["action"]! == "set_question"));
        Assert.Equal(4 - labelled.Skip(8).Count(p => machine[p].Tone == "negative"), log.Count(e => (string)e!["action"]! == "set_sentiment"));

        // the report states the check in its reliability section
        var report = await (await F.As(Roles.Analyst).GetAsync("/api/reports/markdown")).Content.ReadAsStringAsync();
        Assert.Contains("## Fiabilité de l'analyse automatique", report);
        Assert.Contains($"Contrôle n° {id}", report);
        Assert.Contains("20 passages tirés au hasard, répartis selon les canaux et les thèmes ; le personnel en a relu 12", report);
        Assert.Contains("kappa de Cohen", report);
        // the intervals read « de … à … », and an unfinished check says so
        Assert.Matches(@"exactitude \d+ % \(de \d+ à \d+ %\)", report);
        Assert.Contains("Le contrôle n'est pas terminé (12 passages relus sur 20)", report);
        var docx = await F.As(Roles.Analyst).GetByteArrayAsync("/api/reports/docx");
        using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false);
        var text = word.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("Fiabilité de l'analyse automatique", text);
        Assert.Contains($"Contrôle n° {id}", text);
    }

    [Fact]
    public void A_report_says_a_check_has_begun_when_too_few_passages_are_relabelled_for_figures()
    {
        var started = new Store.CheckSummary(3, new DateTimeOffset(2022, 3, 1, 10, 0, 0, TimeSpan.Zero), "relectrice", 100, 2);
        var text = string.Join("\n", new Api.Reports.ReportReliability(8000, 600, 1800, null, [], started).Paragraphs());
        Assert.DoesNotContain("Aucun contrôle", text);
        Assert.Contains("Un contrôle par le personnel a commencé (contrôle n° 3, tiré le 1er mars 2022 : 2 passages relus sur 100) ; ses chiffres d'accord sont donnés à partir de 10 passages relus.", text);
        // no check drawn at all
        Assert.Contains("Aucun contrôle par le personnel n'a encore été fait", string.Join("\n", new Api.Reports.ReportReliability(8000, 600, 1800, null, []).Paragraphs()));
    }
}
