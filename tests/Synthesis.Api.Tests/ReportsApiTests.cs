using Microsoft.AspNetCore.Hosting;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Dapper;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class ReportsApiTests(ApiFactory factory)
{
    [Fact]
    public async Task The_markdown_report_has_each_question_and_theme_and_links_every_quote_to_its_contribution()
    {
        using var response = await factory.As(Roles.Analyst).GetAsync("/api/reports/markdown");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var md = await response.Content.ReadAsStringAsync();
        Assert.Contains("# Synthèse de la concertation", md);
        foreach (var heading in new[] { "Problèmes et nouveaux publics", "Nouvelles formes d'engagement", "Réponses et coopérations" })
            Assert.Contains(heading, md);
        var quotes = md.Split('\n').Where(l => l.StartsWith("> «")).ToList();
        Assert.NotEmpty(quotes);
        Assert.All(quotes, q => Assert.Matches(@"\[contribution \d+\]\(http://localhost/contributions/\d+#p\d+\)", q));
        var map = await factory.As(Roles.Analyst).GetJson("/api/topics");
        Assert.All(map["themes"]!.AsArray(), t => Assert.Contains(((string)t!["label"]!).Split(' ')[0], md));
        // each theme opens with « En bref », every line of it citing a passage linked to its contribution
        Assert.Equal(map["themes"]!.AsArray().Count, md.Split('\n').Count(l => l == "**En bref**"));
        var brief = md.Split("**En bref**")[1].Split("**Synthèse**")[0].Split('\n').Where(l => l.StartsWith("- ")).ToList();
        Assert.NotEmpty(brief);
        Assert.All(brief, l => Assert.Matches(@"\[\\\[P\d+\\\]\]\(http://localhost/contributions/\d+#p\d+\)", l));
        Assert.Matches(@"^- [\d  ]+ passages? de [\d  ]+ contributions?", brief[0]);

        // and so does its page in the web app, when no question is chosen
        var theme = (long)map["themes"]!.AsArray()[0]!["id"]!;
        var page = await factory.As(Roles.Analyst).GetStringAsync($"/themes/{theme}");
        Assert.Contains("<h2>En bref</h2>", page);
        Assert.DoesNotContain("<h2>En bref</h2>", await factory.As(Roles.Analyst).GetStringAsync($"/themes/{theme}?question=solution"));
    }

    [Fact]
    public async Task Every_quote_of_the_report_states_its_labels_and_how_sure_the_machine_is_of_each()
    {
        var md = await factory.As(Roles.Analyst).GetStringAsync("/api/reports/markdown");
        var quotes = md.Split('\n').Where(l => l.StartsWith("> «")).ToList();
        Assert.NotEmpty(quotes);
        foreach (var line in quotes.Take(15))
        {
            var link = System.Text.RegularExpressions.Regex.Match(line, @"/contributions/(\d+)#p(\d+)\)");
            var detail = await factory.As(Roles.Analyst).GetJson($"/api/contributions/{link.Groups[1].Value}");
            var passage = detail["passages"]!.AsArray().Single(p => (long)p!["id"]! == long.Parse(link.Groups[2].Value))!;
            var labels = line[(link.Index + link.Length)..].Replace('\u00a0', ' ');
            if (passage["tone_confidence"] is { } tone)
            {
                // formatted as the report does (« 0 » rounds halves away from zero; Math.Round would round them to even)
                var percent = ((double)tone * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
                var expected = (double)tone < LabelConfidence.ToneUncertainBelow ? $"({percent} %, incertain)" : $"({percent} %)";
                Assert.Contains($"ton {Api.Reports.FrenchLabels.Sentiment((string)passage["sentiment"]!)} {expected}", labels);
            }
            if (passage["question_confidence"] is { } question)
                Assert.Contains($"{Api.Reports.FrenchLabels.QuestionShort((string)passage["question"]!)} ({((double)question * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture)} %", labels);
        }
        // and the method section says what the figures are, and which quotes carry them (only the quotes above do)
        Assert.Contains("écrite après les citations des parties « Paroles de contributeurs » et « Citations »", md);
    }

    [Fact]
    public async Task The_report_follows_the_final_report_each_question_with_its_diagnosis_and_the_recommendations_contributors_name()
    {
        var md = await factory.As(Roles.Analyst).GetStringAsync("/api/reports/markdown");
        var parts = md.Split('\n').Where(l => l.StartsWith("## ")).Select(l => l[3..].Split(" (")[0]).ToList();
        Assert.Equal(["Qui a contribué", "1. Problèmes et nouveaux publics", "2. Nouvelles formes d'engagement", "3. Réponses et coopérations",
            "Les thèmes en détail", "Méthode", "Fiabilité de l'analyse automatique"], parts);
        Assert.Contains("**Périmètre :** toute la concertation", md);
        var questions = (await factory.As(Roles.Analyst).GetJson("/api/questions"))["questions"]!.AsArray();
        using var c = factory.Store.Connect();
        foreach (var (question, section) in new[] { "problem", "engagement", "solution" }.Zip(md.Split("\n## ").Skip(2).Take(3)))
        {
            var expected = questions.Single(q => (string)q!["question"]! == question)!;
            Assert.Contains("### Diagnostic", section);
            var count = (long)expected["count"]!;
            Assert.Contains(count > 1 ? $"{count} passages répondent à cette question" : "répond à cette question", Plain(section));
            // who speaks to it, by profile, and the leading themes with their counts, as the API counts them
            Assert.Contains("| Profil | Contributions |", section);
            foreach (var t in expected["leading_topics"]!.AsArray())
                Assert.Contains($"| {(string)t!["label"]!} | {(long)t["count"]!} |", Plain(section));
            // each recommendation cites a passage of the question's leading themes that the machine reads as a proposal
            // (or, for engagement, as what citizens do themselves)
            // under engagement, what citizens do themselves; under the others, measures
            var heading = question == "engagement" ? "### Ce que les contributeurs font ou proposent de faire eux-mêmes" : "### Recommandations des contributeurs";
            Assert.Equal(1, section.Split(heading).Length - 1);
            var recommendations = section.Split(heading)[1].Split('\n').Where(l => l.StartsWith("- **")).ToList();
            Assert.NotEmpty(recommendations);
            var leading = expected["leading_topics"]!.AsArray().Select(t => (long)t!["topic_id"]!).ToHashSet();
            foreach (var line in recommendations)
            {
                var passage = long.Parse(System.Text.RegularExpressions.Regex.Match(line, @"#p(\d+)\)").Groups[1].Value);
                var (type, theme) = c.QuerySingle<(string, long)>("""
                    SELECT p.question, coalesce(t.parent_id, t.id) FROM reviewed_passages p JOIN topics t ON t.id = p.topic_id WHERE p.id = @passage
                    """, new { passage });
                Assert.Equal(question == "engagement" ? "engagement" : "solution", type);
                Assert.Contains(theme, leading);
            }
        }
        Assert.Contains("Les synthèses sont extractives", md);
    }

    [Fact]
    public void A_recommendation_quotes_a_sentence_that_reads_on_its_own_before_a_fragment_the_machine_is_surer_of()
    {
        static Store.PassageView P(long id, double confidence, QuestionType question = QuestionType.Solution, string text = "") =>
            new(id, id, 0, text, null, PassageSource.Text, null, null, null, null, null, false, null, Sentiment.Neutral, 0, question, null, null, null, false,
                MediaKind.Text, 0.9, confidence);
        static Store.CitedSentence S(string text, params Store.PassageView[] citations) => new(text, true, citations);
        var fragment = S("et aussi des bancs publics dans chaque square du quartier.", P(1, 0.97));
        var sentence = S("Il faut installer des bancs publics dans chaque square.", P(2, 0.90));
        Assert.Same(sentence, Api.Reports.ReportContent.Quotable([fragment, sentence], "solution"));
        // confidence still decides between sentences that read alike
        var surer = S("Il faut ouvrir les jardins partagés aux écoles.", P(3, 0.95));
        Assert.Same(surer, Api.Reports.ReportContent.Quotable([sentence, surer], "solution"));
        // a sentence cut from its passage after a comma, or answering the sentence before it, reads as a fragment too
        var cut = S("Prime d'activité ou les conditionner.", P(5, 0.99, text: "Supprimer IAE, ARS, PAJE, Prime d'activité ou les conditionner."));
        var answering = S("Mais c'est compliqué, il faut des bancs partout.", P(6, 0.99));
        var plain = S("Il faut des bancs dans les squares.", P(7, 0.60, text: "Le quartier manque de bancs. Il faut des bancs dans les squares."));
        Assert.Same(plain, Api.Reports.ReportContent.Quotable([cut, answering, plain], "solution"));
        // a sentence citing a passage of another question, or unsupported, is never quoted
        Assert.Null(Api.Reports.ReportContent.Quotable([S("Il faut agir.", P(4, 0.99, QuestionType.Problem)), sentence with { Supported = false }], "solution"));
    }

    [Fact]
    public async Task A_selection_keeps_only_the_chosen_topics_and_question_and_says_so_on_the_first_page()
    {
        var themes = (await factory.As(Roles.Analyst).GetJson("/api/topics"))["themes"]!.AsArray();
        var chosen = themes[0]!;
        var id = (long)chosen["id"]!;
        var md = await factory.As(Roles.Analyst).GetStringAsync($"/api/reports/markdown?topics={id}&question=solution");
        Assert.Contains((string)chosen["label"]!, md);
        Assert.DoesNotContain("### " + (string)themes[1]!["label"]! + " (", md);
        Assert.DoesNotContain("Problèmes et nouveaux publics", md);
        var scope = md.Split('\n').Single(l => l.StartsWith("**Périmètre :**"));
        Assert.Contains($"le thème « {(string)chosen["label"]!} »", scope);
        Assert.Contains("la seule question « Réponses et coopérations »", scope);
        // « Qui a contribué » counts the contributions with a passage in the selection, and says so
        var total = (long)(await factory.As(Roles.Analyst).GetJson("/api/status"))["contributions"]!;
        var who = System.Text.RegularExpressions.Regex.Match(Plain(md), @"(\d+) des (\d+) contributions de la concertation ont au moins un passage dans la sélection");
        Assert.True(who.Success, "the selection's contributors are not stated");
        Assert.Equal(total, long.Parse(who.Groups[2].Value));
        Assert.InRange(long.Parse(who.Groups[1].Value), 1, total - 1);
        // the question's diagnosis counts and quotes only the chosen theme
        var section = md.Split("## 3. Réponses et coopérations")[1].Split("\n## ")[0];
        var table = section.Split('\n').Where(l => l.StartsWith("| ") && !l.StartsWith("| Thème") && !l.StartsWith("| Profil")).ToList();
        Assert.Contains(table, l => l.StartsWith($"| {(string)chosen["label"]!} |"));
        var passages = System.Text.RegularExpressions.Regex.Matches(section, @"#p(\d+)\)").Select(m => long.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(passages);
        using var c = factory.Store.Connect();
        var themesOf = c.Query<long>("SELECT coalesce(t.parent_id, t.id) FROM reviewed_passages p JOIN topics t ON t.id = p.topic_id WHERE p.id IN @passages", new { passages });
        Assert.All(themesOf, t => Assert.Equal(id, t));
        // the file is named after what it holds
        using var file = await factory.As(Roles.Analyst).GetAsync($"/api/reports/docx?topics={id}&question=solution");
        var name = file.Content.Headers.ContentDisposition!.FileNameStar ?? file.Content.Headers.ContentDisposition.FileName!;
        Assert.Matches($"^synthese-{Api.Reports.FrenchLabels.FileSlug((string)chosen["label"]!)}-solutions-\\d{{8}}-\\d{{4}}\\.docx$", name);
        using var two = await factory.As(Roles.Analyst).GetAsync($"/api/reports/markdown?topics={id},{(long)themes[1]!["id"]!}");
        Assert.Matches($"^synthese-{Api.Reports.FrenchLabels.FileSlug((string)chosen["label"]!)}-et-1-autre-\\d{{8}}-\\d{{4}}\\.md$",
            two.Content.Headers.ContentDisposition!.FileNameStar ?? two.Content.Headers.ContentDisposition.FileName!);
        using var bad = await factory.As(Roles.Analyst).GetAsync("/api/reports/pdf");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_selection_no_passage_answers_says_so_in_sentences_and_each_themes_counts_add_up()
    {
        // a theme and a question none of its passages answers (the walk-through's « 0 des 4 543 contributions … les voici »,
        // two empty tables and « aucun passage répond à cette question »)
        using var c = factory.Store.Connect();
        var (theme, question) = c.Query<(long, string)>("""
            SELECT t.id, q.question FROM topics t
            CROSS JOIN (SELECT 'problem' AS question UNION ALL SELECT 'engagement' UNION ALL SELECT 'solution') q
            WHERE t.parent_id IS NULL AND t.retired = 0 AND NOT EXISTS (SELECT 1 FROM reviewed_passages p JOIN topics s ON s.id = p.topic_id
                WHERE (s.id = t.id OR s.parent_id = t.id) AND p.question = q.question)
            ORDER BY t.id, q.question
            """).First();
        var md = Plain(await factory.As(Roles.Analyst).GetStringAsync($"/api/reports/markdown?topics={theme}&question={question}"));
        var total = (long)(await factory.As(Roles.Analyst).GetJson("/api/status"))["contributions"]!;
        Assert.Contains($"Aucune des {total} contributions de la concertation n'a de passage dans la sélection.", md);
        Assert.DoesNotContain("les voici par canal", md);
        Assert.DoesNotContain("| Canal |", md);
        Assert.Contains("Aucun passage de la sélection ne répond à cette question.", md);
        Assert.Contains("Aucune : aucun passage de la sélection ne répond à cette question.", md);
        Assert.DoesNotContain("aucun passage répond", md);
        Assert.Contains("« Les thèmes en détail » décrit chaque thème en entier", md);

        // every theme's line of counts names « autres », and the four make the theme's size
        var full = Plain(await factory.As(Roles.Analyst).GetStringAsync("/api/reports/markdown"));
        var lines = System.Text.RegularExpressions.Regex.Matches(full, @"### (.+) \((\d+) passages\)\s+Problèmes (\d+) · engagement (\d+) · solutions (\d+) · autres (\d+) ·");
        Assert.NotEmpty(lines);
        static long N(System.Text.RegularExpressions.Group g) => long.Parse(g.Value);
        Assert.All(lines, m => Assert.Equal(N(m.Groups[2]), N(m.Groups[3]) + N(m.Groups[4]) + N(m.Groups[5]) + N(m.Groups[6])));
    }

    [Fact]
    public void A_passage_quoted_once_is_not_quoted_again_further_on()
    {
        // the walk-through read the same passage in a question's « Paroles de contributeurs », a theme's « En bref » and
        // its « Synthèse »: « En bref » keeps its examples (each states a fact), the quotes after it do not repeat them
        static PassageView P(long id) => new(id, 100 + id, 0, $"Texte du passage {id} sur le logement.", null, PassageSource.Text, null, null, null, null, null, false,
            "fr", Synthesis.Sentiment.Neutral, 0, QuestionType.Problem, null, 10, "Logement", false, MediaKind.Text);
        static CitedSentence Quote(long id) => new($"« Texte du passage {id} sur le logement. »", true, [P(id)]);
        var counts = new Dictionary<string, long> { ["problem"] = 4 };
        var theme = new Api.Reports.ReportTheme(new TopicNode(10, null, "Logement", false, false, [], 4, counts, new Dictionary<string, long>(), 0, []),
            Summary: new TopicSummaryView("extractive", [Quote(1), Quote(2), Quote(4)]), Quotes: [P(1), P(2), P(3) with { Text = "\uf0fc Le loyer  augmente\nchaque année. " }, P(4)],
            Overview: new TopicSummaryView("overview", [new("Problèmes signalés : 4 passages, par exemple « Texte du passage 2 sur le logement ».", true, [P(2)])]));
        var question = new Api.Reports.ReportQuestion(new QuestionView("problem", 4, null, [], [P(1)], []), new Dictionary<string, long>(), []);
        var content = new Api.Reports.ReportContent(DateTimeOffset.Now, 4, 4, new Dictionary<string, long>(), new Dictionary<string, long>(), [question], [theme],
            new Api.Reports.ReportSelection(), "https://concertation.example");
        var md = Api.Reports.MarkdownReport.Write(content);
        int Times(long id) => System.Text.RegularExpressions.Regex.Matches(md, $"#p{id}\\)").Count;
        Assert.Equal(1, Times(1)); // in « Paroles de contributeurs » only
        Assert.Equal(1, Times(2)); // in « En bref » only
        Assert.Equal(1, Times(3)); // among the theme's citations
        Assert.Equal(1, Times(4)); // in the summary
        Assert.Contains("Synthèse", md);
        // a quote is printed on one line, without its stray spaces (a line break would end a Markdown quote)
        Assert.Contains("> « Le loyer augmente chaque année. » [contribution 103]", md);
    }

    [Fact]
    public async Task The_docx_report_opens_and_has_a_native_chart_headings_and_hyperlinks()
    {
        using var response = await factory.As(Roles.Analyst).GetAsync("/api/reports/docx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var main = doc.MainDocumentPart!;
        // one chart of every theme, then one per theme (by sub-theme and question)
        var themes = (await factory.As(Roles.Analyst).GetJson("/api/topics"))["themes"]!.AsArray();
        Assert.Equal(themes.Count + 1, main.ChartParts.Count());
        Assert.All(main.ChartParts, chart => Assert.Contains("barChart", chart.ChartSpace.OuterXml));
        Assert.Contains(main.ChartParts, chart => chart.ChartSpace.OuterXml.Contains((string)themes[0]!["label"]!));
        var text = main.Document.Body!.InnerText;
        foreach (var part in new[] { "Qui a contribué", "1. Problèmes et nouveaux publics", "Recommandations des contributeurs", "Méthode" })
            Assert.Contains(part, text);
        // a table of contents Word fills in on opening, its entries already written for other readers
        Assert.Contains(main.Document.Body.Descendants<FieldCode>(), f => f.Text.Contains("TOC"));
        Assert.True(main.DocumentSettingsPart!.Settings.GetFirstChild<UpdateFieldsOnOpen>()!.Val!.Value);
        Assert.Contains(main.Document.Body.Elements<Paragraph>(), p => p.ParagraphProperties?.ParagraphStyleId?.Val == "TOC1" && string.Concat(p.Descendants<Text>().Select(t => t.Text)) == "Qui a contribué");
        // « Qui a contribué » as Word tables, figures right-aligned
        var channels = main.Document.Body.Elements<Table>().First(t => t.InnerText.StartsWith("CanalContributions"));
        Assert.Contains("plateforme en ligne", channels.InnerText);
        Assert.Equal(JustificationValues.Right, channels.Elements<TableRow>().Last().Elements<TableCell>().Last().Descendants<Justification>().Single().Val!.Value);
        Assert.NotEmpty(main.HyperlinkRelationships);
        Assert.All(main.HyperlinkRelationships, h => Assert.Matches(@"/contributions/\d+#p\d+$", h.Uri.ToString()));
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc).Take(5).Select(e => e.Description).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_csv_export_is_french_with_semicolons_neutralises_formulas_and_has_one_row_per_passage_with_a_link()
    {
        // The fixture's "=HYPERLINK(...)" contribution, placed in a theme as the corpus stage would, so it is exported.
        using (var c = factory.Store.Connect())
            c.Execute("""
                UPDATE topic_assignments SET topic_id = (SELECT id FROM topics WHERE retired = 0 AND parent_id IS NULL ORDER BY id LIMIT 1)
                WHERE passage_id = (SELECT p.id FROM passages p JOIN contributions co ON co.id = p.contribution_id WHERE co.external_ref = 'N043' ORDER BY p.ord LIMIT 1)
                """);
        var bytes = await factory.As(Roles.Analyst).GetByteArrayAsync("/api/reports/csv");
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // UTF-8 byte-order mark: French Excel reads the accents
        var csv = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        using var reader = new CsvHelper.CsvReader(new StringReader(csv),
            new CsvHelper.Configuration.CsvConfiguration(System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) { Delimiter = ";" });
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i)!).ToArray());
        Assert.Equal(["passage", "contribution", "lien", "thème", "sous-thème", "question", "certitude question", "ton", "certitude ton",
            "profil", "quartier", "canal", "source", "date", "début dans l'enregistrement (secondes)", "texte"], rows[0]);
        var data = rows.Skip(1).ToList();
        Assert.All(data, r => Assert.Equal(16, r.Length));
        // values in French, as the web app's badges show them
        Assert.All(data, r => Assert.Contains(r[5], new[] { "", "problèmes", "engagement", "solutions", "autres" }));
        Assert.Contains(data, r => r[5] == "solutions");
        Assert.All(data, r => Assert.Contains(r[7], new[] { "", "négatif", "neutre", "positif" }));
        // how sure the machine is, with a decimal comma (empty where a reviewer decided)
        Assert.All(data, r => Assert.Matches(@"^(0,\d\d|1,00|)$", r[6]));
        Assert.All(data, r => Assert.Matches(@"^(0,\d\d|1,00|)$", r[8]));
        Assert.Contains(data, r => r[8].Length > 0);
        Assert.Contains(data, r => r[11] == "plateforme en ligne");
        // dates as French spreadsheets and the search export write them
        Assert.All(data, r => Assert.Matches(@"^(\d\d/\d\d/\d{4}|)$", r[13]));
        Assert.Contains(data, r => r[13].Length > 0);
        Assert.DoesNotContain(data, r => r[11] is "platform" || r[7] is "negative" || r[5] is "problem");
        // each link opens the contribution at the passage
        Assert.All(data, r => Assert.Equal($"http://localhost/contributions/{r[1]}#p{r[0]}", r[2]));
        // no cell may start with a character a spreadsheet runs as a formula
        Assert.DoesNotContain(data.SelectMany(r => r), cell => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@');
        Assert.Contains(data, r => r[15].StartsWith("'=HYPERLINK", StringComparison.Ordinal));
        var map = await factory.As(Roles.Analyst).GetJson("/api/topics");
        Assert.True(data.Count >= (long)map["passages"]! - (long)map["unassigned"]! - 5);
    }

    [Theory]
    [InlineData("=1+2", "\"'=1+2\"")]
    [InlineData("+33 6", "\"'+33 6\"")]
    [InlineData("-2", "\"'-2\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("a; b", "\"a; b\"")]
    [InlineData("a, b", "a, b")]
    [InlineData("dit \"non\"", "\"dit \"\"non\"\"\"")]
    [InlineData("ligne\nsuivante", "\"ligne\nsuivante\"")]
    public void Csv_cells_are_quoted_for_semicolons_and_formulas_neutralised(string value, string cell) =>
        Assert.Equal(cell, Reports.CsvReport.Line(value));

    [Fact]
    public async Task Report_links_point_to_the_public_address_when_one_is_set()
    {
        using var configured = factory.WithWebHostBuilder(b => b.UseSetting("Synthesis:PublicUrl", "https://concertation.nantes.fr/synthese/"));
        var client = configured.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", factory.Keys[Roles.Analyst]);
        var md = await client.GetStringAsync("/api/reports/markdown");
        var links = System.Text.RegularExpressions.Regex.Matches(md, @"\]\((https?://[^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.Matches(@"^https://concertation\.nantes\.fr/synthese/contributions/\d+#p\d+$", l));
        Assert.DoesNotContain("localhost", md);
        // and the reports page warns of links only this computer opens when none is set
        var page = await client.GetStringAsync("/rapports");
        Assert.DoesNotContain("id=\"liens-locaux\"", page);
        var local = System.Net.WebUtility.HtmlDecode(await factory.As(Roles.Analyst).GetStringAsync("/rapports"));
        Assert.Contains("Les liens des rapports exportés commenceront par <code>http://localhost</code> : seul l'ordinateur qui fait tourner Synthesis", local);
    }

    /// <summary>French figures without their thousands separator (a narrow no-break space).</summary>
    static string Plain(string text) => text.Replace("\u202f", "").Replace("\u00a0", "");
}
