using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Synthesis.Api.Tests.Browser;

/// <summary>
/// Every page of the web app, in Debian's Chromium, as each role that may open it (and the public ones signed out):
/// each answers in French without a server error, leaves a screenshot, and axe-core (Deque's engine, the npm
/// axe-core build that Deque.AxeCore.Playwright carries) finds no serious or critical WCAG 2.1 A/AA violation.
/// The browser runs in English (en-US) here on purpose: what the pages say, dates included, must not follow it.
/// </summary>
public sealed class EveryPageBrowserTests(LiveServer server) : IClassFixture<LiveServer>
{
    static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>The pages each role reaches from the menus (a role sees the pages of the roles below it too).</summary>
    List<(string Role, string Path)> Pages()
    {
        using var c = server.Store.Connect();
        var theme = c.ScalarLong("SELECT id FROM topics WHERE retired = 0 AND parent_id IS NULL ORDER BY id LIMIT 1");
        var contribution = c.ScalarLong("SELECT min(contribution_id) FROM passages");
        string[] analyst =
        [
            "/", "/themes", $"/themes/{theme}", $"/themes/{theme}?question=solution", "/themes/croisements?par=quartier", "/themes/croisements?par=mois",
            "/recherche", "/recherche?q=logement", "/contributions", $"/contributions/{contribution}", "/rapports", "/taches", "/compte",
        ];
        string[] reviewer =
        [
            "/revue", $"/revue/themes/{theme}", "/revue/a-verifier", "/revue/journal", "/revue/controle", $"/revue/apercu?decision=split&topic={theme}&parts=2",
        ];
        string[] admin = ["/admin", "/admin/importer"];
        return
        [
            .. analyst.Select(p => (LiveServer.Analyst, p)),
            .. reviewer.Select(p => (LiveServer.Reviewer, p)),
            .. admin.Select(p => (LiveServer.Admin, p)),
            (LiveServer.Analyst, "/admin"), // refused: the French "access denied" page
            (LiveServer.Analyst, "/themes/999999"), // not found: the French error page
        ];
    }

    [SkippableFact]
    public async Task Every_page_as_each_role_is_french_and_has_no_serious_accessibility_violation()
    {
        Skip.IfNot(File.Exists(WebAppBrowserTests.Chromium), "Debian's chromium is not installed: run scripts/setup.sh");
        var (playwright, browser) = await WebAppBrowserTests.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var failures = new List<string>();
        var serverErrors = new List<string>();

        // signed out: the login page
        var anonymous = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "en-US" });
        await anonymous.GotoAsync(server.Url + "/connexion");
        await CheckAsync(anonymous, "anonyme", "/connexion", failures);

        foreach (var group in Pages().GroupBy(p => p.Role))
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "en-US" });
            page.SetDefaultTimeout(90_000);
            page.Response += (_, response) => { if (response.Status >= 500) serverErrors.Add($"{response.Status} {response.Url}"); };
            await WebAppBrowserTests.LogInAsync(page, server, group.Key);
            foreach (var (role, path) in group)
            {
                await page.GotoAsync(server.Url + path);
                await CheckAsync(page, role, path, failures);
            }
            await page.CloseAsync();
        }
        Assert.Empty(serverErrors);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// An admin imports a spreadsheet from the import page: the report names the refused row and why, then the
    /// analysis it started is followed on the page, without reloading it, until it says the analysis is up to date.
    /// </summary>
    [SkippableFact]
    public async Task An_admin_imports_a_file_from_the_page_and_follows_the_analysis_to_its_end()
    {
        Skip.IfNot(File.Exists(WebAppBrowserTests.Chromium), "Debian's chromium is not installed: run scripts/setup.sh");
        var (playwright, browser) = await WebAppBrowserTests.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var errors = new List<string>();
        var page = await WebAppBrowserTests.FrenchPageAsync(browser, errors);
        await WebAppBrowserTests.LogInAsync(page, server, LiveServer.Admin);
        await page.GotoAsync(server.Url + "/admin");
        await page.ClickAsync("text=Importer des contributions");
        var csv = Path.Combine(Consultation.TempDir(), "atelier-bellevue.csv");
        await File.WriteAllTextAsync(csv, "texte;canal\n" +
            "Les familles monoparentales du quartier n'arrivent plus à payer la cantine.;workshop\n" +
            ";workshop\n" +
            "Une permanence d'écrivain public au centre social aiderait pour les démarches en ligne.;workshop\n");
        await page.SetInputFilesAsync("input#fichiers", csv);
        await page.ClickAsync("form.upload button[type=submit]");
        await Assertions.Expect(page.Locator("#rapport-import [role=status]").First).ToContainTextAsync("2 contributions importées");
        Assert.Contains("le champ « texte » (le texte) est vide (ligne 3)", await page.Locator("#refus").InnerTextAsync());
        await WebAppBrowserTests.Shot(page, "08-import-rapport");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        await Assertions.Expect(page.Locator("#avancement-etat")).ToHaveTextAsync("L'analyse est à jour.", new() { Timeout = 90_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
        await WebAppBrowserTests.Shot(page, "09-import-analyse-finie");
        Assert.Empty(errors);
    }

    static async Task CheckAsync(IPage page, string role, string path, List<string> failures)
    {
        var name = $"a11y-{role}-{string.Concat(path.Select(ch => char.IsLetterOrDigit(ch) ? ch : '-')).Trim('-')}";
        await WebAppBrowserTests.Shot(page, name.Length > 80 ? name[..80] : name);
        if (await page.GetAttributeAsync("html", "lang") != "fr") failures.Add($"{role} {path}: the page is not marked French");
        if (!(await page.TitleAsync()).EndsWith("· Synthesis", StringComparison.Ordinal)) failures.Add($"{role} {path}: title « {await page.TitleAsync()} »");
        // dates are typed and shown the French way whatever the browser's language: no browser date picker (it
        // follows the browser's locale, mm/dd/yyyy in this en-US one), a text field that says jj/mm/aaaa
        if (await page.Locator("input[type=date], input[type=datetime-local], input[type=month], input[type=week]").CountAsync() > 0)
            failures.Add($"{role} {path}: a date field follows the browser's locale");
        foreach (var field in await page.Locator("input[pattern]").AllAsync())
            if (await field.GetAttributeAsync("placeholder") != "jj/mm/aaaa") failures.Add($"{role} {path}: a date field without « jj/mm/aaaa »");
        var result = await page.RunAxe(Wcag21AA);
        foreach (var v in result.Violations.Where(v => v.Impact is "serious" or "critical"))
            failures.Add($"{role} {path}: {v.Impact} {v.Id} ({v.Help}) at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString() + " " + n.Html))}");
    }
}
