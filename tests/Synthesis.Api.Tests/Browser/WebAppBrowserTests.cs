using DocumentFormat.OpenXml.Packaging;
using Microsoft.Playwright;

namespace Synthesis.Api.Tests.Browser;

/// <summary>
/// The web app in Debian's Chromium, driven by Playwright (no browser download): log in, search with a filter, open
/// a topic, merge two topics and see the merge survive the re-analysis it starts, export a DOCX report. Each step
/// leaves a screenshot in artifacts/screenshots at the repository root.
/// </summary>
public sealed class WebAppBrowserTests(LiveServer server) : IClassFixture<LiveServer>
{
    internal const string Chromium = "/usr/bin/chromium";
    static readonly string Screenshots = Path.Combine(Consultation.RepoRoot, "artifacts", "screenshots");

    internal static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>Debian's Chromium started for one test (skipped where it is not installed); disposing it closes it.</summary>
    internal sealed class Launched(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public IBrowser Browser => browser;

        public static async Task<Launched> StartAsync()
        {
            Skip.IfNot(File.Exists(Chromium), "Debian's chromium is not installed: run scripts/setup.sh");
            var (p, b) = await LaunchAsync();
            return new Launched(p, b);
        }

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    /// <summary>A page in French with long timeouts that notes every server error (5xx) it meets in <paramref name="serverErrors"/>.</summary>
    internal static async Task<IPage> FrenchPageAsync(IBrowser browser, List<string> serverErrors)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "fr-FR" });
        page.SetDefaultTimeout(90_000);
        page.Response += (_, response) => { if (response.Status >= 500) serverErrors.Add($"{response.Status} {response.Url}"); };
        return page;
    }

    /// <summary>Chromium with one French page logged in as the server's reviewer; disposing it closes the browser.</summary>
    internal sealed class ReviewerBrowser(IPlaywright playwright, IBrowser browser, IPage page, List<string> serverErrors) : IAsyncDisposable
    {
        public IPage Page => page;

        /// <summary>The server errors (5xx) the page met.</summary>
        public List<string> ServerErrors => serverErrors;

        public static async Task<ReviewerBrowser> OpenAsync(LiveServer server)
        {
            var (playwright, browser) = await LaunchAsync();
            var errors = new List<string>();
            var page = await FrenchPageAsync(browser, errors);
            await LogInAsync(page, server);
            return new ReviewerBrowser(playwright, browser, page, errors);
        }

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    internal static Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    internal static async Task LogInAsync(IPage page, LiveServer server, string name = LiveServer.Reviewer)
    {
        await page.GotoAsync(server.Url + "/themes");
        Assert.Contains("/connexion", page.Url);
        await page.FillAsync("input[name=name]", name);
        await page.FillAsync("input[name=password]", LiveServer.Password);
        await Shot(page, "01-connexion");
        await page.ClickAsync("button[type=submit]");
        // Not WaitForURLAsync: it can miss the load event it waits for and hang until its timeout (playwright-dotnet
        // #3364, seen here twice in full-suite runs). Expect polls the address; the locators after it wait for their elements.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/themes$"), new() { Timeout = 90_000 });
    }

    [SkippableFact]
    public async Task A_reviewer_logs_in_searches_opens_a_topic_merges_two_and_exports_a_report()
    {
        await using var chromium = await Launched.StartAsync();
        var browser = chromium.Browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, Locale = "fr-FR" });
        // `dotnet test Synthesis.sln` runs the four test assemblies side by side on the machine's 2 cores: steps wait
        // longer than Playwright's default 30 s before they count as failed.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();

        await LogInAsync(page, server);
        await page.Locator("article.tile").First.WaitForAsync();
        await Shot(page, "02-carte-des-themes");
        Assert.True(await page.Locator("article.tile").CountAsync() >= 2);

        // Search with a filter: every result carries the chosen question's badge.
        await page.GotoAsync(server.Url + "/recherche");
        await page.FillAsync("input[name=q]", "logement");
        await page.SelectOptionAsync("select[name=question]", "problem");
        await page.ClickAsync("form.search button[type=submit]");
        await page.WaitForSelectorAsync("#result-count");
        await Shot(page, "03-recherche-filtree");
        var results = page.Locator("li.result");
        Assert.True(await results.CountAsync() > 0, "no result for 'logement' among problems");
        for (var i = 0; i < await results.CountAsync(); i++)
            // the question's badge, marked « incertain » where the machine is under its threshold (as on every page)
            Assert.Matches("^problèmes( · incertain)?$", (await results.Nth(i).Locator(".badge.q-problem").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.Locator("li.result .badge.q-solution").CountAsync());
        Assert.Equal(0, await page.Locator("#corrections").CountAsync());

        // A misspelt word searches as the French word the contributions use, and the page says so.
        await page.FillAsync("input[name=q]", "logemment");
        await page.SelectOptionAsync("select[name=question]", "");
        await page.ClickAsync("form.search button[type=submit]");
        await page.WaitForSelectorAsync("#corrections");
        await Shot(page, "03b-recherche-orthographe");
        Assert.Contains("Recherche effectuée avec « logement » au lieu de « logemment »", (await page.Locator("#corrections").InnerTextAsync()).Replace('\u00a0', ' '));
        Assert.True(await page.Locator("li.result mark").CountAsync() > 0, "the corrected word is not highlighted");

        // The results say how many passages hold the words, and go to a spreadsheet that states the search.
        // (counted with the word as searched: the misspelt one is in no passage)
        Assert.Matches("^[1-9][0-9  ]* passages? contien", await page.Locator("#result-count").InnerTextAsync());
        var exportDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export a[href*='format=csv']"));
        var exportedBytes = await File.ReadAllBytesAsync((await exportDownload.PathAsync())!);
        Assert.Equal([0xEF, 0xBB, 0xBF], exportedBytes[..3]); // French Excel reads UTF-8 only with its byte-order mark
        var exported = System.Text.Encoding.UTF8.GetString(exportedBytes[3..]).Split("\r\n");
        Assert.Equal("Recherche;« logemment »", exported[0]);
        Assert.StartsWith("rang;passage;contribution", exported[5]);

        // Open the largest topic from the map.
        await page.GotoAsync(server.Url + "/themes");
        var first = page.Locator("article.tile h2 a").First;
        var label = (await first.InnerTextAsync()).Trim();
        await first.ClickAsync();
        await page.WaitForSelectorAsync("section.summary");
        await Shot(page, "04-theme");
        Assert.Equal(label, (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.True(await page.Locator("section.summary a.cite").CountAsync() > 0, "the summary cites no passage");

        // Merge the second theme into the first on the review board, then wait for the re-analysis.
        var themes = Themes();
        var (into, from) = (themes[0], themes[1]);
        await page.GotoAsync(server.Url + "/revue");
        var section = page.Locator($"section.review-topic[data-topic='{into}']");
        await section.Locator("form.merge select[name=from]").First.SelectOptionAsync(from.ToString());
        await section.Locator("form.merge button").First.ClickAsync();
        // the preview: the merged theme as the re-analysis will leave it, then the confirmation
        Assert.Equal("Aperçu de la fusion", (await page.Locator("h1").InnerTextAsync()).Trim());
        await Shot(page, "05-apercu-fusion");
        var merged = page.Locator($".preview-after .result[data-topic='{into}']");
        var mergedSize = int.Parse((await merged.GetAttributeAsync("data-size"))!);
        Assert.Equal(0, await page.Locator($".preview-after [data-topic='{from}']").CountAsync());
        await page.ClickAsync("form.confirm button");
        await page.WaitForSelectorAsync("p.notice");
        await Shot(page, "05-fusion-enregistree");
        // the notice follows the re-analysis by itself, the page never reloaded, until it says it has ended
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        await Assertions.Expect(page.Locator("#avis-analyse .notice.run.done")).ToContainTextAsync("Analyse terminée", new() { Timeout = 90_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
        Assert.Equal("Analyse terminée : les thèmes sont à jour.", await page.Locator("#avis-analyse-etat").InnerTextAsync());
        await Shot(page, "05b-analyse-terminee");
        using (var c = server.Store.Connect())
            Assert.Equal(0, c.ScalarLong("SELECT count(*) FROM jobs WHERE state IN ('pending', 'running', 'failed')"));
        using (var c = server.Store.Connect())
            Assert.Equal(mergedSize, c.ScalarLong("SELECT size FROM topics WHERE id = $t", null, ("$t", into)));
        await page.GotoAsync(server.Url + "/themes");
        await Shot(page, "06-carte-apres-fusion");
        Assert.Equal(0, await page.Locator($"article.tile[data-topic='{from}']").CountAsync());
        Assert.Equal(1, await page.Locator($"article.tile[data-topic='{into}']").CountAsync());
        await page.GotoAsync(server.Url + "/revue/journal");
        Assert.Contains("fusion", await page.Locator("table.list").InnerTextAsync());

        // Export the report as DOCX.
        await page.GotoAsync(server.Url + "/rapports");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-docx"));
        var path = Path.Combine(Screenshots, "rapport.docx");
        await download.SaveAsAsync(path);
        await Shot(page, "07-rapports");
        using var doc = WordprocessingDocument.Open(path, false);
        Assert.True(doc.MainDocumentPart!.ChartParts.Count() > 1, "the report has no chart per theme");
        Assert.Contains("Synthèse de la concertation", doc.MainDocumentPart.Document.Body!.InnerText);
    }

    /// <summary>
    /// Every review form, submitted in the browser as a reviewer would: each answers a French notice and no 5xx, the
    /// theme page and the journal show the result, and a split and its undo change what the map shows.
    /// </summary>
    [SkippableFact]
    public async Task Every_review_form_works_in_the_browser_and_the_journal_tells_it_in_French()
    {
        Skip.IfNot(File.Exists(Chromium), "Debian's chromium is not installed: run scripts/setup.sh");
        await using var session = await ReviewerBrowser.OpenAsync(server);
        var (page, serverErrors) = (session.Page, session.ServerErrors);
        await WaitForCorpusAsync();

        // the parts a split preview shows (new sub-themes, provisional labels) with their sizes
        async Task<Dictionary<long, long>> PreviewedPartsAsync(string title)
        {
            Assert.Equal(title, (await page.Locator("h1").InnerTextAsync()).Trim());
            var result = page.Locator(".preview-after .result");
            var found = new Dictionary<long, long>();
            for (var i = 0; i < await result.CountAsync(); i++)
            {
                Assert.Contains("nouveau", await result.Nth(i).Locator(".preview-title").InnerTextAsync());
                found[long.Parse((await result.Nth(i).GetAttributeAsync("data-topic"))!)] = long.Parse((await result.Nth(i).GetAttributeAsync("data-size"))!);
            }
            return found;
        }

        async Task<string> Notice() => (await page.Locator("p.notice[role=status]").InnerTextAsync()).Replace('\u00a0', ' ');

        // Split the largest theme in two from the review board: after the re-analysis it has two sub-themes.
        var theme = Themes()[0];
        await page.GotoAsync(server.Url + "/revue");
        var section = page.Locator($"section.review-topic[data-topic='{theme}']");
        await section.Locator("form.split input[name=parts]").First.FillAsync("2");
        await section.Locator("form.split button").First.ClickAsync();
        var shown = await PreviewedPartsAsync("Aperçu de la scission");
        Assert.Equal(2, shown.Count);
        await page.ClickAsync("form.confirm button");
        Assert.StartsWith("Scission enregistrée", await Notice());
        await WaitForCorpusAsync();
        Assert.Equal(shown.Keys.Order(), SubThemes(theme).Order());
        foreach (var (part, size) in shown) Assert.Equal(size, Size(part));

        // Rename and validate the larger sub-theme.
        var sub = SubThemes(theme).OrderByDescending(Size).First();
        await page.GotoAsync(server.Url + "/revue");
        var board = page.Locator($"div.review-sub[data-topic='{sub}']");
        await board.Locator("form[action*='handler=Rename'] input[name=label]").FillAsync("Aide aux aidants familiaux");
        await board.Locator("form[action*='handler=Rename'] button").ClickAsync();
        Assert.Equal("Thème renommé.", await Notice());
        board = page.Locator($"div.review-sub[data-topic='{sub}']");
        await board.Locator("form[action*='handler=Accept'] button").ClickAsync();
        Assert.Equal("Thème validé.", await Notice());
        Assert.Equal("Retirer la validation", (await page.Locator($"div.review-sub[data-topic='{sub}'] form[action*='handler=Accept'] button").InnerTextAsync()).Trim());
        await Shot(page, "10-revue-renomme-valide");
        await page.GotoAsync(server.Url + $"/themes/{sub}");
        Assert.Equal("Aide aux aidants familiaux", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("validé par la revue", await page.Locator("p.lead").InnerTextAsync());

        // The passage forms on the theme's review page: move, question, tone, outlier.
        await page.GotoAsync(server.Url + $"/revue/themes/{theme}");
        var rows = page.Locator("table.review tbody tr");
        var moved = await rows.Nth(0).GetAttributeAsync("data-passage");
        var target = OtherTheme(theme);
        await rows.Nth(0).Locator("form[action*='handler=Move'] select").SelectOptionAsync(target.ToString());
        await rows.Nth(0).Locator("form[action*='handler=Move'] button").ClickAsync();
        Assert.StartsWith($"Passage P{moved} déplacé.", await Notice());
        var corrected = await rows.Nth(1).GetAttributeAsync("data-passage");
        await page.Locator($"tr[data-passage='{corrected}'] form[action*='handler=Question'] select").SelectOptionAsync("engagement");
        await page.Locator($"tr[data-passage='{corrected}'] form[action*='handler=Question'] button").ClickAsync();
        Assert.StartsWith($"Question du passage P{corrected} corrigée.", await Notice());
        Assert.Equal("engagement", await page.Locator($"tr[data-passage='{corrected}'] form[action*='handler=Question'] select").InputValueAsync());
        await page.Locator($"tr[data-passage='{corrected}'] form[action*='handler=Sentiment'] select").SelectOptionAsync("positive");
        await page.Locator($"tr[data-passage='{corrected}'] form[action*='handler=Sentiment'] button").ClickAsync();
        Assert.StartsWith($"Ton du passage P{corrected} corrigé.", await Notice());
        Assert.Equal("positive", await page.Locator($"tr[data-passage='{corrected}'] form[action*='handler=Sentiment'] select").InputValueAsync());
        var excluded = await rows.Nth(2).GetAttributeAsync("data-passage");
        await rows.Nth(2).Locator("form[action*='handler=Outlier'] button").ClickAsync();
        Assert.StartsWith($"Passage P{excluded} mis hors thème.", await Notice());
        // Two passages ticked and put out of every theme at once.
        var ticked = new[] { await rows.Nth(3).GetAttributeAsync("data-passage"), await rows.Nth(4).GetAttributeAsync("data-passage") };
        foreach (var t in ticked) await page.Locator($"tr[data-passage='{t}'] input[type=checkbox]").CheckAsync();
        await page.ClickAsync("form#bulk button[value=outlier]");
        Assert.StartsWith("2 passages mis hors thème.", await Notice());
        await Shot(page, "11-revue-passages");
        await WaitForCorpusAsync();
        using (var c = server.Store.Connect())
        {
            Assert.Equal(target, c.ScalarLong("SELECT coalesce(parent_id, id) FROM topics WHERE id = (SELECT topic_id FROM topic_assignments WHERE passage_id = $p)", null, ("$p", long.Parse(moved!))));
            foreach (var p in ticked.Append(excluded))
                Assert.Null(c.Scalar("SELECT topic_id FROM topic_assignments WHERE passage_id = $p", null, ("$p", long.Parse(p!))));
        }

        // Split the sub-theme in two: after the re-analysis its parts are sub-themes of the same theme.
        var siblings = SubThemes(theme).Count;
        await page.GotoAsync(server.Url + "/revue");
        board = page.Locator($"div.review-sub[data-topic='{sub}']");
        await board.Locator("form.split input[name=parts]").FillAsync("2");
        await board.Locator("form.split button").ClickAsync();
        var parts = await PreviewedPartsAsync("Aperçu de la scission");
        await Shot(page, "12-apercu-scission");
        await page.ClickAsync("form.confirm button");
        Assert.StartsWith("Scission enregistrée", await Notice());
        await WaitForCorpusAsync();
        var after = SubThemes(theme);
        Assert.DoesNotContain(sub, after);
        Assert.Superset(parts.Keys.ToHashSet(), after.ToHashSet());
        // the sub-theme is replaced by the parts the preview showed (two, or one when the passages moved and put out of
        // every theme above were all but one of its own: the test's first rows come from whichever sub-theme sorts first)
        Assert.InRange(parts.Count, 1, 2);
        Assert.Equal(siblings - 1 + parts.Count, after.Count);
        await page.GotoAsync(server.Url + $"/themes/{theme}");
        await Shot(page, "12-theme-apres-scission");
        Assert.Equal(after.Count, await page.Locator("ul.children li").CountAsync());

        // The journal tells each decision in French, with names; the split is undone from there.
        await page.GotoAsync(server.Url + "/revue/journal");
        var journal = (await page.Locator("table.journal").InnerTextAsync()).Replace('\u00a0', ' ');
        await Shot(page, "13-journal");
        Assert.Contains("a renommé", journal);
        Assert.Contains("en « Aide aux aidants familiaux »", journal);
        Assert.Contains("a validé « Aide aux aidants familiaux »", journal);
        Assert.Contains($"a déplacé le passage P{moved} vers", journal);
        Assert.Contains($"a corrigé la question du passage P{corrected}", journal);
        Assert.Contains($"a corrigé le ton du passage P{corrected}", journal);
        Assert.Contains($"a mis le passage P{excluded} hors thème", journal);
        Assert.Contains("a scindé « Aide aux aidants familiaux » en 2", journal);
        Assert.DoesNotContain("{\"", journal);
        await page.SelectOptionAsync("select[name=action]", "split");
        await page.ClickAsync("form.filters button[type=submit]");
        await Assertions.Expect(page.Locator("table.journal tbody tr")).ToHaveCountAsync(2);
        await page.Locator("table.journal tbody tr", new() { HasText = "a scindé « Aide aux aidants familiaux » en 2" }).Locator("form button").ClickAsync();
        Assert.StartsWith("Décision n° ", await Notice());
        await WaitForCorpusAsync();
        Assert.Contains(sub, SubThemes(theme));
        Assert.Equal(siblings, SubThemes(theme).Count);

        // Errors a browser can reach are French pages.
        var missing = await page.GotoAsync(server.Url + "/themes/999999");
        Assert.Equal(404, missing!.Status);
        Assert.Equal("Page introuvable", (await page.Locator("h1").InnerTextAsync()).Trim());
        missing = await page.GotoAsync(server.Url + "/nulle-part");
        Assert.Equal(404, missing!.Status);
        Assert.Equal("Page introuvable", (await page.Locator("h1").InnerTextAsync()).Trim());
        var denied = await page.GotoAsync(server.Url + "/admin");
        Assert.Equal(403, denied!.Status);
        Assert.Equal("Accès refusé", (await page.Locator("h1").InnerTextAsync()).Trim());
        await Shot(page, "14-acces-refuse");
        Assert.Empty(serverErrors);
    }

    long Size(long topic)
    {
        using var c = server.Store.Connect();
        return c.ScalarLong("SELECT count(*) FROM topic_assignments WHERE topic_id = $t", null, ("$t", topic));
    }

    long OtherTheme(long theme) => Themes().First(t => t != theme);

    List<long> SubThemes(long theme)
    {
        using var c = server.Store.Connect();
        using var command = c.Command("SELECT id FROM topics WHERE retired = 0 AND parent_id = $t ORDER BY id", null, ("$t", theme));
        using var r = command.ExecuteReader();
        var ids = new List<long>();
        while (r.Read()) ids.Add(r.GetInt64(0));
        return ids;
    }

    List<long> Themes()
    {
        using var c = server.Store.Connect();
        using var command = c.Command("SELECT id FROM topics WHERE retired = 0 AND parent_id IS NULL ORDER BY size DESC, id");
        using var r = command.ExecuteReader();
        var ids = new List<long>();
        while (r.Read()) ids.Add(r.GetInt64(0));
        return ids;
    }

    /// <summary>The merge queued a corpus run that the server's own worker picks up; wait until it has finished.</summary>
    async Task WaitForCorpusAsync()
    {
        for (var i = 0; i < 600; i++)
        {
            using (var c = server.Store.Connect())
                if (c.ScalarLong("SELECT count(*) FROM jobs WHERE state IN ('pending', 'running', 'failed')") == 0) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("the re-analysis did not finish within a minute");
    }

    /// <summary>
    /// A person changes their own password on « Mon compte » and stays signed in; an admin gives another a new password
    /// and deletes an account from the admin page; the deleted person's open page goes back to the login page.
    /// </summary>
    [SkippableFact]
    public async Task Account_forms_change_a_password_and_end_the_sessions_of_a_deleted_user()
    {
        Skip.IfNot(File.Exists(Chromium), "Debian's chromium is not installed: run scripts/setup.sh");
        var accounts = new Security.Accounts(server.Store);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var admin = accounts.AddUser("admin-" + suffix, "mot-de-passe-admin", Security.Roles.Admin);
        var analyst = accounts.AddUser("lea-" + suffix, "ancien-mot-de-passe", Security.Roles.Analyst);
        var (playwright, browser) = await LaunchAsync();
        await using var _ = browser;
        using var __ = playwright;
        var serverErrors = new List<string>();

        async Task<IPage> SignedIn(string name, string password)
        {
            var page = await FrenchPageAsync(browser, serverErrors);
            await page.GotoAsync(server.Url + "/connexion");
            await page.FillAsync("input[name=name]", name);
            await page.FillAsync("input[name=password]", password);
            await page.ClickAsync("button[type=submit]");
            await Assertions.Expect(page.Locator("form.who")).ToBeVisibleAsync();
            return page;
        }

        // Léa changes her password: a wrong confirmation is refused in French, the right one keeps her signed in
        var lea = await SignedIn(analyst.Name, "ancien-mot-de-passe");
        await lea.ClickAsync("form.who a[href='/compte']");
        await lea.FillAsync("input[name=current]", "ancien-mot-de-passe");
        await lea.FillAsync("input[name=password]", "nouveau-mot-de-passe");
        await lea.FillAsync("input[name=confirm]", "autre-chose-encore");
        await lea.ClickAsync("main button[type=submit]");
        Assert.Contains("diffèrent", await lea.Locator("p.error[role=alert]").InnerTextAsync());
        await lea.FillAsync("input[name=current]", "ancien-mot-de-passe");
        await lea.FillAsync("input[name=password]", "nouveau-mot-de-passe");
        await lea.FillAsync("input[name=confirm]", "nouveau-mot-de-passe");
        await lea.ClickAsync("main button[type=submit]");
        Assert.Contains("Mot de passe changé", await lea.Locator("p.notice[role=status]").InnerTextAsync());
        await Shot(lea, "30-mon-compte");
        await lea.GotoAsync(server.Url + "/themes");
        Assert.EndsWith("/themes", lea.Url);
        Assert.NotNull(accounts.CheckPassword(analyst.Name, "nouveau-mot-de-passe"));

        // the admin gives her yet another password (shown once), then deletes her account
        var adminPage = await SignedIn(admin.Name, "mot-de-passe-admin");
        await adminPage.GotoAsync(server.Url + "/admin");
        var row = adminPage.Locator("tr", new() { HasText = analyst.Name });
        await row.Locator("button", new() { HasText = "Nouveau mot de passe" }).ClickAsync();
        var notice = await adminPage.Locator("p.notice[role=status]").InnerTextAsync();
        Assert.Contains($"Nouveau mot de passe de {analyst.Name}", notice);
        Assert.Null(accounts.CheckPassword(analyst.Name, "nouveau-mot-de-passe"));
        // a deletion asks to be confirmed (the browser keeps the form until « confirmer » is ticked)
        await adminPage.Locator("tr", new() { HasText = analyst.Name }).Locator("button", new() { HasText = "Supprimer" }).ClickAsync();
        Assert.Equal(1, await adminPage.Locator("tr", new() { HasText = analyst.Name }).CountAsync());
        await adminPage.Locator("tr", new() { HasText = analyst.Name }).Locator("input[name=confirme]").CheckAsync();
        await adminPage.Locator("tr", new() { HasText = analyst.Name }).Locator("button", new() { HasText = "Supprimer" }).ClickAsync();
        Assert.Contains($"Compte {analyst.Name} supprimé", await adminPage.Locator("p.notice[role=status]").InnerTextAsync());
        await Shot(adminPage, "31-administration");
        Assert.Equal(0, await adminPage.Locator("tr", new() { HasText = analyst.Name }).CountAsync());
        // « Désactiver » disables (it used to post « value » and re-enable), and a refusal is said in French
        var throwaway = accounts.AddUser("jetable-" + suffix, "mot-de-passe-jetable", Security.Roles.Analyst);
        await adminPage.GotoAsync(server.Url + "/admin");
        await adminPage.Locator("tr", new() { HasText = throwaway.Name }).Locator("button", new() { HasText = "Désactiver" }).ClickAsync();
        Assert.Equal("Compte désactivé.", (await adminPage.Locator("p.notice[role=status]").InnerTextAsync()).Trim());
        Assert.Contains("désactivé", await adminPage.Locator("tr", new() { HasText = throwaway.Name }).InnerTextAsync());
        Assert.Null(accounts.CheckPassword(throwaway.Name, "mot-de-passe-jetable"));
        await adminPage.FillAsync("form[action*='AddUser'] input[name=name]", admin.Name);
        await adminPage.ClickAsync("form[action*='AddUser'] button");
        Assert.Equal("Refusé : un compte porte déjà ce nom.", (await adminPage.Locator("p.error[role=alert]").InnerTextAsync()).Trim());

        // no button to delete one's own account
        Assert.Equal(0, await adminPage.Locator("tr", new() { HasText = admin.Name }).Locator("button", new() { HasText = "Supprimer" }).CountAsync());

        // Léa's open page: the next click leads to the login page
        await lea.GotoAsync(server.Url + "/themes");
        Assert.Contains("/connexion", lea.Url);
        Assert.Empty(serverErrors);
    }
}
