using DocumentFormat.OpenXml.Packaging;
using Microsoft.Playwright;
using Synthesis.Ingest.Store;

namespace Synthesis.Api.Tests.Browser;

/// <summary>
/// The web app in Debian's Chromium, driven by Playwright (no browser download): log in, search with a filter, open
/// a topic, merge two topics and see the merge survive the re-analysis it starts, export a DOCX report. Each step
/// leaves a screenshot in artifacts/screenshots at the repository root.
/// </summary>
public sealed class WebAppBrowserTests(LiveServer server) : IClassFixture<LiveServer>
{
    const string Chromium = "/usr/bin/chromium";
    static readonly string Screenshots = Path.Combine(Consultation.RepoRoot, "artifacts", "screenshots");

    static async Task<(IPlaywright, IBrowser)> LaunchAsync()
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

    static Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    async Task LogInAsync(IPage page)
    {
        await page.GotoAsync(server.Url + "/themes");
        Assert.Contains("/connexion", page.Url);
        await page.FillAsync("input[name=name]", LiveServer.Reviewer);
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
        Skip.IfNot(File.Exists(Chromium), "Debian's chromium is not installed: run scripts/setup.sh");
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, Locale = "fr-FR" });
        // `dotnet test Synthesis.sln` runs the four test assemblies side by side on the machine's 2 cores: steps wait
        // longer than Playwright's default 30 s before they count as failed.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();

        await LogInAsync(page);
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
            Assert.Equal("problèmes", (await results.Nth(i).Locator(".badge.q-problem").InnerTextAsync()).Trim());
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
        await section.Locator("form[action*='handler=Merge'] select[name=from]").First.SelectOptionAsync(from.ToString());
        await section.Locator("form[action*='handler=Merge'] button").First.ClickAsync();
        await page.WaitForSelectorAsync("p.notice");
        await Shot(page, "05-fusion-enregistree");
        await WaitForCorpusAsync();
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
        Assert.Single(doc.MainDocumentPart!.ChartParts);
        Assert.Contains("Synthèse de la concertation", doc.MainDocumentPart.Document.Body!.InnerText);
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
}
