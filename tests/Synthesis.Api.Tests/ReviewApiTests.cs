using System.Text.Json.Nodes;
using System.Net;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

/// <summary>A consultation of its own, since reviewers change it.</summary>
public sealed class ReviewFactory : IAsyncLifetime
{
    public ApiFactory Api { get; } = new() { WithDemo = false };
    public Task InitializeAsync() => ((IAsyncLifetime)Api).InitializeAsync();
    public Task DisposeAsync() => Api.DisposeAsync().AsTask();
}

public sealed class ReviewApiTests(ReviewFactory fixture) : IClassFixture<ReviewFactory>
{
    ApiFactory F => fixture.Api;
    HttpClient Reviewer => F.As(Roles.Reviewer);

    List<(long Id, string Label, long Size)> Themes()
    {
        using var c = F.Store.Connect();
        using var command = c.Command("SELECT id, label, size FROM topics WHERE retired = 0 AND parent_id IS NULL ORDER BY size DESC, id");
        using var r = command.ExecuteReader();
        var list = new List<(long, string, long)>();
        while (r.Read()) list.Add((r.GetInt64(0), r.GetString(1), r.GetInt64(2)));
        return list;
    }

    HashSet<long> PassagesOf(long topic)
    {
        using var c = F.Store.Connect();
        using var command = c.Command("SELECT ta.passage_id FROM topic_assignments ta JOIN topics t ON t.id = ta.topic_id WHERE t.id = $t OR t.parent_id = $t", null, ("$t", topic));
        using var r = command.ExecuteReader();
        var set = new HashSet<long>();
        while (r.Read()) set.Add(r.GetInt64(0));
        return set;
    }

    [Fact]
    public async Task A_merge_and_a_rename_survive_a_reanalysis_and_the_log_says_who_did_what()
    {
        var themes = Themes();
        Assert.True(themes.Count >= 2, "need two themes");
        var (into, from) = (themes[0].Id, themes[1].Id);
        var expected = PassagesOf(into).Union(PassagesOf(from)).ToHashSet();
        using (var merge = await Reviewer.PostJson($"/api/review/topics/{into}/merge", new { from }))
            Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        using (var rename = await Reviewer.PostJson($"/api/review/topics/{into}/rename", new { label = "Solidarités de voisinage" }))
            Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        await Consultation.AnalyseAsync(F.Store);

        var after = Themes();
        Assert.DoesNotContain(after, t => t.Id == from);
        Assert.Equal("Solidarités de voisinage", after.Single(t => t.Id == into).Label);
        // Re-clustering may move a few borderline passages (on 48 contributions, one or two); the merged theme keeps the rest.
        var kept = PassagesOf(into).Intersect(expected).Count();
        Assert.True(kept >= expected.Count * 0.85, $"the merged theme kept {kept} of the {expected.Count} passages of the two themes");

        var log = (await Reviewer.GetJson("/api/review/log"))["entries"]!.AsArray();
        var renameEntry = log.First(e => (string)e!["action"]! == "rename")!;
        Assert.Equal("key:reviewer-tests", (string)renameEntry["reviewer"]!);
        Assert.Contains(themes[0].Label, (string)renameEntry["before"]!);
        Assert.Contains("Solidarités de voisinage", (string)renameEntry["after"]!);
    }

    [Fact]
    public async Task Undoing_a_rename_gives_the_machine_its_label_back()
    {
        var theme = Themes().Last();
        using var rename = await Reviewer.PostJson($"/api/review/topics/{theme.Id}/rename", new { label = "Intitulé provisoire" });
        var decision = (long)(await rename.Json())["decision_id"]!;
        Assert.Equal("Intitulé provisoire", Themes().Single(t => t.Id == theme.Id).Label);
        using (var undo = await Reviewer.PostAsync($"/api/review/log/{decision}/undo", null))
            Assert.Equal(HttpStatusCode.NoContent, undo.StatusCode);
        Assert.Equal(theme.Label, Themes().Single(t => t.Id == theme.Id).Label);
        using (var again = await Reviewer.PostAsync($"/api/review/log/{decision}/undo", null))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        await Consultation.AnalyseAsync(F.Store);
        Assert.NotEqual("Intitulé provisoire", Themes().Single(t => t.Id == theme.Id).Label);
    }

    [Fact]
    public async Task A_corrected_question_and_sentiment_show_everywhere_and_undo_restores_the_machine_output()
    {
        long passage;
        string machineQuestion;
        using (var c = F.Store.Connect())
        {
            passage = c.ScalarLong("SELECT p.id FROM passages p JOIN contributions co ON co.id = p.contribution_id WHERE co.external_ref = 'N030'");
            machineQuestion = (string)c.Scalar("SELECT question FROM passage_analysis WHERE passage_id = $p", null, ("$p", passage))!;
        }
        var target = machineQuestion == "engagement" ? "solution" : "engagement";
        using var set = await Reviewer.PostJson($"/api/review/passages/{passage}/question", new { question = target });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        using (var sentiment = await Reviewer.PostJson($"/api/review/passages/{passage}/sentiment", new { sentiment = "positive" }))
            Assert.Equal(HttpStatusCode.OK, sentiment.StatusCode);
        await Consultation.AnalyseAsync(F.Store);
        string Question()
        {
            using var c = F.Store.Connect();
            return (string)c.Scalar("SELECT coalesce(o.question, a.question) FROM passage_analysis a LEFT JOIN passage_overrides o ON o.passage_id = a.passage_id WHERE a.passage_id = $p", null, ("$p", passage))!;
        }
        Assert.Equal(target, Question());
        using (var c = F.Store.Connect())
            Assert.Equal(machineQuestion, c.Scalar("SELECT question FROM passage_analysis WHERE passage_id = $p", null, ("$p", passage)));
        var decision = (long)(await set.Json())["decision_id"]!;
        using (var undo = await Reviewer.PostAsync($"/api/review/log/{decision}/undo", null))
            Assert.Equal(HttpStatusCode.NoContent, undo.StatusCode);
        Assert.Equal(machineQuestion, Question());
        using var bad = await Reviewer.PostJson($"/api/review/passages/{passage}/question", new { question = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_passage_moved_by_a_reviewer_stays_in_its_topic_and_an_outlier_stays_out()
    {
        var themes = Themes();
        var target = themes[^1].Id;
        var moved = PassagesOf(themes[0].Id).Except(PassagesOf(target)).First();
        var outlier = PassagesOf(themes[0].Id).Except([moved]).First();
        using (var r = await Reviewer.PostJson($"/api/review/passages/{moved}/move", new { topic = target })) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using (var r = await Reviewer.PostAsync($"/api/review/passages/{outlier}/outlier", null)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await Consultation.AnalyseAsync(F.Store);
        Assert.Contains(moved, PassagesOf(target));
        using var c = F.Store.Connect();
        Assert.Equal(0L, c.ScalarLong("SELECT count(*) FROM topic_assignments WHERE passage_id = $p AND topic_id IS NOT NULL", null, ("$p", outlier)));
    }

    [Fact]
    public async Task Passages_moved_or_excluded_at_once_are_one_decision_each_and_each_undoes_on_its_own()
    {
        var themes = Themes();
        var target = themes[^1].Id;
        var source = PassagesOf(themes[0].Id).Except(PassagesOf(target)).Order().ToList();
        var (moved, excluded) = (source.Take(3).ToList(), source.Skip(3).Take(2).ToList());
        using (var r = await Reviewer.PostJson("/api/review/passages/move", new { passages = moved, topic = target }))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(3, (await r.Json())["decision_ids"]!.AsArray().Count);
        }
        long undone;
        using (var r = await Reviewer.PostJson("/api/review/passages/outlier", new { passages = excluded }))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            undone = (long)(await r.Json())["decision_ids"]![0]!;
        }
        using (var r = await Reviewer.PostJson("/api/review/passages/move", new { passages = Array.Empty<long>(), topic = target }))
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await Reviewer.PostJson("/api/review/passages/outlier", new { passages = new[] { excluded[0], 999999L } }))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await Reviewer.PostJson("/api/review/passages/move", new { passages = moved, topic = 999999 }))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await Reviewer.PostAsync($"/api/review/log/{undone}/undo", null)) Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        await Consultation.AnalyseAsync(F.Store);
        Assert.All(moved, p => Assert.Contains(p, PassagesOf(target)));
        using var c = F.Store.Connect();
        // the excluded passage whose decision was not undone is out; the other is back in a theme
        Assert.Equal(0L, c.ScalarLong("SELECT count(*) FROM topic_assignments WHERE passage_id = $p AND topic_id IS NOT NULL", null, ("$p", excluded[1])));
        Assert.Equal(0L, c.ScalarLong("SELECT coalesce(outlier, 0) FROM passage_overrides WHERE passage_id = $p", null, ("$p", excluded[0])));
    }

    [Fact]
    public async Task The_review_queue_lists_uncorrected_passages_with_a_french_reason_and_a_correction_takes_one_out()
    {
        static List<long> Queued(string html) =>
            System.Text.RegularExpressions.Regex.Matches(html, "<tr data-passage=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value)).ToList();
        var html = await Reviewer.GetStringAsync("/revue/a-verifier");
        var queued = Queued(html);
        Assert.InRange(queued.Count, 10, 50);
        Assert.Matches("type de question incertain|loin du centre de son thème|reconnaissance peu sûre", html);
        using (var c = F.Store.Connect())
            Assert.All(queued, p => Assert.Equal(0L, c.ScalarLong("SELECT count(*) FROM passage_overrides WHERE passage_id = $p", null, ("$p", p))));
        using (var r = await Reviewer.PostJson($"/api/review/passages/{queued[0]}/question", new { question = "solution" }))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.DoesNotContain(queued[0], Queued(await Reviewer.GetStringAsync("/revue/a-verifier")));
    }

    [Fact]
    public void The_queue_says_which_two_question_types_the_machine_hesitates_between_and_a_tie_as_a_tie()
    {
        Assert.Equal("hésite entre autres (52 %) et solutions (41 %)", Api.Analysis.ReviewQueue.Hesitation(("autres", 0.521), ("solutions", 0.412)));
        // the first passages of the queue are near ties: the figures round alike, and the page says it is a tie
        Assert.Equal("hésite à égalité entre autres et solutions (46 % chacun)", Api.Analysis.ReviewQueue.Hesitation(("autres", 0.4631), ("solutions", 0.4604)));
    }

    [Fact]
    public async Task Review_actions_on_unknown_things_are_404s_and_bad_values_400s()
    {
        var theme = Themes()[0].Id;
        using (var r = await Reviewer.PostJson("/api/review/topics/999999/rename", new { label = "x" })) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await Reviewer.PostJson($"/api/review/topics/{theme}/merge", new { from = 999999 })) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await Reviewer.PostJson($"/api/review/topics/{theme}/merge", new { from = theme })) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await Reviewer.PostJson($"/api/review/topics/{theme}/split", new { parts = 1 })) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await Reviewer.PostJson($"/api/review/topics/{theme}/rename", new { label = "" })) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await Reviewer.PostJson("/api/review/passages/999999/move", new { topic = theme })) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await Reviewer.GetAsync("/api/review/topics/999999/split-preview?parts=2")) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await Reviewer.GetAsync($"/api/review/topics/{theme}/split-preview?parts=1")) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await Reviewer.GetAsync($"/api/review/topics/{theme}/merge-preview")) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await Reviewer.GetAsync($"/api/review/topics/{theme}/merge-preview?from={theme}")) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await Reviewer.GetAsync($"/api/review/topics/{theme}/merge-preview?from=999999")) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public async Task A_corrected_transcript_keeps_the_machine_text_and_publishing_shows_a_redacted_version()
    {
        long passage, contribution;
        using (var c = F.Store.Connect())
        {
            contribution = c.ScalarLong("SELECT id FROM contributions WHERE external_ref = 'N042'");
            passage = c.ScalarLong("SELECT id FROM passages WHERE contribution_id = $c ORDER BY ord LIMIT 1", null, ("$c", contribution));
        }
        using var edit = await Reviewer.PutJson($"/api/passages/{passage}/text", new { text = "Texte corrigé par la relectrice." });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var view = await edit.Json();
        Assert.Equal("Texte corrigé par la relectrice.", (string)view["text"]!);
        Assert.StartsWith("Contactez-moi", (string)view["original_text"]!);
        using (var c = F.Store.Connect())
            Assert.StartsWith("Contactez-moi", (string)c.Scalar("SELECT text FROM passages WHERE id = $p", null, ("$p", passage))!);

        var publicView = await F.As(null).GetJson("/api/public/contributions?page_size=200");
        var shown = publicView["items"]!.AsArray().Single(i => (long)i!["id"]! == contribution)!;
        var text = (string)shown["text"]!;
        Assert.DoesNotContain("marie.dupont@example.org", text);
        Assert.DoesNotContain("06 12 34 56 78", text);
        Assert.DoesNotContain("12 rue des Lilas", text);
        long unpublishable;
        using (var c = F.Store.Connect()) unpublishable = c.ScalarLong("SELECT id FROM contributions WHERE external_ref = 'N009'");
        Assert.DoesNotContain(publicView["items"]!.AsArray(), i => (long)i!["id"]! == unpublishable);

        using (var unpublish = await Reviewer.PutJson($"/api/contributions/{contribution}/publishable", new { publishable = false }))
            Assert.Equal(HttpStatusCode.NoContent, unpublish.StatusCode);
        var after = await F.As(null).GetJson("/api/public/contributions?page_size=200");
        Assert.DoesNotContain(after["items"]!.AsArray(), i => (long)i!["id"]! == contribution);
    }

    [Fact]
    public async Task A_new_contribution_lands_in_the_reviewed_topic_it_fits()
    {
        var theme = Themes()[0];
        using (var accept = await Reviewer.PostJson($"/api/review/topics/{theme.Id}/accept", new { accepted = true }))
            Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        string example;
        using (var c = F.Store.Connect())
            example = (string)c.Scalar("SELECT p.text FROM passages p JOIN topic_assignments ta ON ta.passage_id = p.id JOIN topics t ON t.id = ta.topic_id WHERE t.id = $t OR t.parent_id = $t ORDER BY p.id LIMIT 1", null, ("$t", theme.Id))!;
        using (var created = await F.As(Roles.Admin).PostJson("/api/contributions", new { text = "Je le redis : " + example, @ref = "late-1" }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Consultation.AnalyseAsync(F.Store);
        long passage;
        using (var c = F.Store.Connect())
            passage = c.ScalarLong("SELECT p.id FROM passages p JOIN contributions co ON co.id = p.contribution_id WHERE co.external_ref = 'late-1' ORDER BY p.ord DESC LIMIT 1");
        Assert.Contains(passage, PassagesOf(theme.Id));
        using (var c = F.Store.Connect())
            Assert.Equal(1L, c.ScalarLong("SELECT accepted FROM topics WHERE id = $t", null, ("$t", theme.Id)));
    }

    long Decisions()
    {
        using var c = F.Store.Connect();
        return c.ScalarLong("SELECT count(*) FROM review_decisions");
    }

    /// <summary>The topics as the API lists them: id -> (label, size), sub-themes included.</summary>
    async Task<Dictionary<long, (string Label, int Size)>> Listed()
    {
        var themes = (await Reviewer.GetJson("/api/topics"))["themes"]!.AsArray();
        return themes.SelectMany(t => new[] { t! }.Concat(t!["children"]!.AsArray().Select(ch => ch!)))
            .ToDictionary(t => (long)t["id"]!, t => ((string)t["label"]!, (int)t["size"]!));
    }

    static IEnumerable<JsonNode> Flatten(JsonArray topics) =>
        topics.SelectMany(t => new[] { t! }.Concat(Flatten(t!["children"]!.AsArray())));

    [Fact]
    public async Task A_split_preview_records_nothing_and_shows_the_parts_the_reanalysis_then_makes()
    {
        var theme = Themes().First(t => t.Size >= 8);
        var (decisions, topics) = (Decisions(), await Listed());
        var preview = await Reviewer.GetJson($"/api/review/topics/{theme.Id}/split-preview?parts=2");
        Assert.Equal(decisions, Decisions());
        Assert.Equal(topics, await Listed());
        Assert.Equal("split", (string)preview["action"]!);
        Assert.Equal(theme.Size, (int)preview["before"]!.AsArray().Single()!["size"]!);
        var parts = preview["result"]!.AsArray().Select(p => (long)p!).ToList();
        Assert.Equal(2, parts.Count);
        var shown = Flatten(preview["after"]!.AsArray()).Where(t => parts.Contains((long)t["id"]!))
            .ToDictionary(t => (long)t["id"]!, t => ((string)t["label"]!, (int)t["size"]!));
        Assert.Equal(2, shown.Count);
        Assert.All(shown.Keys, id => Assert.DoesNotContain(id, topics.Keys));
        Assert.All(shown.Values, p => Assert.False(string.IsNullOrWhiteSpace(p.Item1)));
        Assert.NotEqual(shown.Values.First().Item1, shown.Values.Last().Item1);

        using (var split = await Reviewer.PostJson($"/api/review/topics/{theme.Id}/split", new { parts = 2 }))
            Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        await Consultation.AnalyseAsync(F.Store);
        var after = await Listed();
        foreach (var (id, part) in shown) Assert.Equal(part, after[id]);
    }

    [Fact]
    public async Task A_merge_preview_shows_the_size_and_label_the_reanalysis_then_gives()
    {
        var themes = Themes();
        var (into, from) = (themes[^1].Id, themes[^2].Id);
        var preview = await Reviewer.GetJson($"/api/review/topics/{into}/merge-preview?from={from}");
        Assert.Equal([into], preview["result"]!.AsArray().Select(p => (long)p!));
        var merged = Flatten(preview["after"]!.AsArray()).Single(t => (long)t["id"]! == into);
        Assert.DoesNotContain(Flatten(preview["after"]!.AsArray()), t => (long)t["id"]! == from);
        Assert.Equal(2, preview["before"]!.AsArray().Count);

        using (var merge = await Reviewer.PostJson($"/api/review/topics/{into}/merge", new { from }))
            Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        await Consultation.AnalyseAsync(F.Store);
        var after = await Listed();
        Assert.DoesNotContain(from, after.Keys);
        Assert.Equal(((string)merged["label"]!, (int)merged["size"]!), after[into]);
    }

    [Fact]
    public async Task A_split_topic_gets_exactly_the_parts_asked_for_after_the_reanalysis()
    {
        var theme = Themes().First(t => t.Size >= 6);
        var before = (await Reviewer.GetJson($"/api/topics/{theme.Id}"))["topic"]!["children"]!.AsArray().Count;
        var parts = before == 3 ? 2 : 3;
        using (var split = await Reviewer.PostJson($"/api/review/topics/{theme.Id}/split", new { parts }))
            Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        await Consultation.AnalyseAsync(F.Store);
        var detail = await Reviewer.GetJson($"/api/topics/{theme.Id}");
        Assert.Equal(parts, detail["topic"]!["children"]!.AsArray().Count);
    }
}
