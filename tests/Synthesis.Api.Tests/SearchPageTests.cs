using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

/// <summary>
/// The search page as a writer uses it: the total of passages holding the words, pages of 20 through the best 200,
/// a sort by date, and an export of what was found (spreadsheet and Word) that states the query and the filters.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SearchPageTests(ApiFactory factory)
{
    const string Query = "recyclage";

    static List<long> Passages(string html) =>
        Regex.Matches(html, "<li class=\"result\" data-passage=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value)).ToList();

    async Task<List<(long Id, DateTimeOffset? Date)>> ApiResults(string query, string words = Query)
    {
        var answer = await factory.As(Roles.Analyst).GetJson($"/api/search?q={Uri.EscapeDataString(words)}&k=200&{query}");
        return answer["results"]!.AsArray().Select(r => ((long)r!["passage_id"]!, r["date"] is { } d ? DateTimeOffset.Parse((string)d!) : (DateTimeOffset?)null)).ToList();
    }

    [Fact]
    public void A_multiple_choice_answer_reads_with_semicolons_and_keeps_its_highlights_on_the_words()
    {
        // a Grand Débat answer as exported, its choices joined by « | », with two words the search highlighted
        const string text = "Les transports en commun|Le vélo|La marche <b>";
        var html = Synthesis.Api.Pages.RechercheModel.Highlighted(text,
            [new Synthesis.Api.Apis.Highlight(text.IndexOf("vélo", StringComparison.Ordinal), 4), new Synthesis.Api.Apis.Highlight(4, 10)]).Value!;
        Assert.Equal("Les <mark>transports</mark> en commun ; Le <mark>vélo</mark> ; La marche <b>", WebUtility.HtmlDecode(html));
        Assert.EndsWith("&lt;b&gt;", html); // the text is still encoded
    }

    [Fact]
    public async Task The_page_states_the_total_and_pages_go_through_the_results_in_order()
    {
        var client = factory.As(Roles.Analyst);
        var expected = await ApiResults("mode=bm25");
        Assert.InRange(expected.Count, 41, 199); // more than two pages, all of them browsable
        // the API tells the same total, whatever k
        var few = await factory.As(Roles.Analyst).GetJson($"/api/search?q={Query}&mode=bm25&k=5");
        Assert.Equal(expected.Count, (int)few["matching"]!);

        var first = await client.GetStringAsync($"/recherche?q={Query}&mode=bm25");
        Assert.Contains($"{expected.Count} passages contiennent ce mot, par pertinence ; page 1 sur {(expected.Count + 19) / 20}, résultats 1 à 20.", first.Replace('\u202f', ' ').Replace('\u00a0', ' '));
        var second = await client.GetStringAsync($"/recherche?q={Query}&mode=bm25&page=2");
        Assert.Contains("résultats 21 à 40", second);
        Assert.Contains("rel=\"prev\"", second);
        Assert.Equal(expected.Take(40).Select(e => e.Id), Passages(first).Concat(Passages(second)));

        // a page past the last shows the last one
        var last = await client.GetStringAsync($"/recherche?q={Query}&mode=bm25&page=99");
        Assert.Equal(expected.Skip((expected.Count - 1) / 20 * 20).Select(e => e.Id), Passages(last));
        Assert.DoesNotContain("rel=\"next\"", last);
    }

    [Fact]
    public async Task Each_result_shows_how_sure_the_machine_is_of_its_labels_and_marks_the_uncertain_ones()
    {
        var html = await factory.As(Roles.Analyst).GetStringAsync($"/recherche?q={Query}&mode=bm25");
        var items = Regex.Matches(html, "<li class=\"result\" data-passage=\"(\\d+)\">(.*?)</li>", RegexOptions.Singleline).ToList();
        Assert.Equal(20, items.Count);
        var uncertain = 0;
        foreach (var item in items)
        {
            var contribution = Regex.Match(item.Groups[2].Value, "href=\"/contributions/(\\d+)#p").Groups[1].Value;
            var detail = await factory.As(Roles.Analyst).GetJson($"/api/contributions/{contribution}");
            var passage = detail["passages"]!.AsArray().Single(p => (long)p!["id"]! == long.Parse(item.Groups[1].Value))!;
            var tone = passage["tone_confidence"];
            if (tone is null) continue; // a reviewer's label: no machine confidence
            // formatted as the page does (« 0 » rounds halves away from zero; Math.Round would round them to even)
            var percent = ((double)tone * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
            // the tone badge states the model's probability, and « incertain » exactly when it is under the threshold
            Assert.Contains($"la machine en est sûre à {percent} %", WebUtility.HtmlDecode(item.Groups[2].Value).Replace('\u00a0', ' ').Replace('\u202f', ' '));
            var isUncertain = (double)tone < LabelConfidence.ToneUncertainBelow;
            Assert.Equal(isUncertain, Regex.IsMatch(item.Groups[2].Value, "class=\"badge s-\\w+ uncertain\""));
            if (isUncertain) uncertain++;
        }
        Assert.True(uncertain < items.Count, "every result uncertain: the badges cannot be told apart");
    }

    [Fact]
    public async Task The_search_API_gives_how_sure_the_machine_is_of_each_label_as_the_contribution_API_does()
    {
        var answer = await factory.As(Roles.Analyst).GetJson($"/api/search?q={Query}&mode=bm25&k=50");
        var results = answer["results"]!.AsArray();
        Assert.NotEmpty(results);
        var compared = 0;
        foreach (var r in results)
        {
            var detail = await factory.As(Roles.Analyst).GetJson($"/api/contributions/{(long)r!["contribution_id"]!}");
            var passage = detail["passages"]!.AsArray().Single(p => (long)p!["id"]! == (long)r["passage_id"]!)!;
            foreach (var (label, confidence, uncertain, threshold) in new[]
            {
                ("sentiment", "tone_confidence", "tone_uncertain", LabelConfidence.ToneUncertainBelow),
                ("question", "question_confidence", "question_uncertain", LabelConfidence.QuestionUncertainBelow),
            })
            {
                Assert.Equal((string?)passage[label], (string?)r[label]);
                Assert.Equal((double?)passage[confidence], (double?)r[confidence]);
                Assert.Equal((double?)r[confidence] < threshold, (bool)r[uncertain]!);
                if (r[confidence] is not null) compared++;
            }
        }
        Assert.True(compared > results.Count, "most results should carry the machine's confidence");
    }

    [Fact]
    public async Task Similar_passages_keep_the_search_and_lead_back_to_it()
    {
        var client = factory.As(Roles.Analyst);
        var results = await client.GetStringAsync($"/recherche?q={Query}&mode=bm25&question=solution");
        var like = Regex.Match(results, "href=\"(/recherche\\?[^\"]*like=\\d+)\"").Groups[1].Value;
        Assert.Contains($"q={Query}", like);
        Assert.Contains("question=solution", like);
        var similar = await client.GetStringAsync(System.Net.WebUtility.HtmlDecode(like));
        Assert.Contains("id=\"like-source\"", similar);
        var back = System.Net.WebUtility.HtmlDecode(Regex.Match(similar, "href=\"([^\"]*)\" id=\"back-to-results\"").Groups[1].Value);
        Assert.StartsWith($"/recherche?q={Query}", back);
        Assert.DoesNotContain("like=", back);
        Assert.Equal(Passages(results), Passages(await client.GetStringAsync(back)));
    }

    [Fact]
    public async Task Sorted_by_date_the_newest_come_first_among_the_same_results()
    {
        // « quartier »: Make.org proposals (undated) and the Nantes contributions (dated)
        var expected = await ApiResults("mode=bm25", "quartier");
        Assert.True(expected.Count(e => e.Date is not null) >= 2, "the query should find dated contributions (the Nantes ones)");
        var dates = expected.ToDictionary(e => e.Id, e => e.Date);
        var client = factory.As(Roles.Analyst);
        var shown = new List<long>();
        for (var page = 1; page <= (expected.Count + 19) / 20; page++)
            shown.AddRange(Passages(await client.GetStringAsync($"/recherche?q=quartier&mode=bm25&tri=recent&page={page}")));
        Assert.Equal(expected.Select(e => e.Id).Order(), shown.Order());
        // the dated ones first, newest first; the undated after them
        var dated = shown.Select(id => dates[id]).TakeWhile(d => d is not null).Select(d => d!.Value).ToList();
        Assert.Equal(expected.Count(e => e.Date is not null), dated.Count);
        Assert.Equal(dated.OrderDescending(), dated);
    }

    [Fact]
    public async Task Exports_hold_the_results_and_state_the_query_and_filters()
    {
        var client = factory.As(Roles.Analyst);
        var expected = await ApiResults("mode=bm25&question=solution");
        var url = $"/recherche?q={Query}&mode=bm25&question=solution&handler=Export";

        using var csv = await client.GetAsync(url + "&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Matches($"^recherche-{Query}-\\d{{8}}-\\d{{4}}\\.csv$", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName!);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal($"Recherche;« {Query} »", lines[0]);
        Assert.Equal("Filtres;Mode de recherche : par les mots · Question : solutions", lines[1]);
        Assert.StartsWith("rang;passage;contribution;lien;question;certitude question;ton;certitude ton", lines[5]);
        var rows = lines.Skip(6).Where(l => Regex.IsMatch(l, "^\\d+;\\d+;")).ToList();
        Assert.Equal(expected.Select(e => e.Id), rows.Select(r => long.Parse(r.Split(';')[1])));
        // each row names its question as the filter above it and the page's badges do
        Assert.All(rows, r => Assert.Equal("solutions", r.Split(';')[4]));
        // each row states how sure the machine is of its tone, as the API does
        var confidence = (await factory.As(Roles.Analyst).GetJson($"/api/search?q={Query}&k=200&mode=bm25&question=solution"))["results"]!.AsArray()
            .ToDictionary(r => (long)r!["passage_id"]!, r => r!["tone_confidence"] is { } t ? ((double)t).ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) : "");
        Assert.Contains(confidence.Values, v => v != "");
        Assert.All(rows, r => Assert.Equal(confidence[long.Parse(r.Split(';')[1])], r.Split(';')[7]));
        // each link opens the contribution at the passage found
        Assert.All(rows, r => Assert.EndsWith($"/contributions/{r.Split(';')[2]}#p{r.Split(';')[1]}", r.Split(';')[3]));

        using var docx = await client.GetAsync(url + "&format=docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using var doc = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false);
        var text = doc.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains($"Recherche : « {Query} »", text);
        Assert.Contains("Question : solutions", text);
        Assert.Equal(expected.Count, doc.MainDocumentPart.HyperlinkRelationships.Count());
        // each opens the contribution at the passage found, as the spreadsheet's do
        Assert.All(doc.MainDocumentPart.HyperlinkRelationships, h => Assert.Matches(@"/contributions/\d+#p\d+$", h.Uri.ToString()));
    }
}
