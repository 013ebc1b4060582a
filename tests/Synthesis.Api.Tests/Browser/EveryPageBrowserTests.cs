using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Synthesis.Api.Security;

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
        await using var chromium = await WebAppBrowserTests.Launched.StartAsync();
        var browser = chromium.Browser;
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
            if (group.Key == LiveServer.Reviewer)
            {
                // a check's page exists once one is drawn: drawn from its form, then checked like the others
                await page.GotoAsync(server.Url + "/revue/controle");
                await page.FillAsync("input[name=taille]", "20");
                await page.ClickAsync("main form button[type=submit]");
                await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/revue/controle/\\d+$"));
                await CheckAsync(page, group.Key, new Uri(page.Url).AbsolutePath, failures);
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
        await using var chromium = await WebAppBrowserTests.Launched.StartAsync();
        var browser = chromium.Browser;
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
        Assert.Contains("le texte (champ « texte ») est vide (ligne 3)", await page.Locator("#refus").InnerTextAsync());
        await WebAppBrowserTests.Shot(page, "08-import-rapport");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        await Assertions.Expect(page.Locator("#avancement-etat")).ToHaveTextAsync("L'analyse est à jour.", new() { Timeout = 90_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
        await WebAppBrowserTests.Shot(page, "09-import-analyse-finie");
        Assert.Empty(errors);
    }

    /// <summary>
    /// The forms no other browser test submits, in an English browser: an API key created (its secret shown once)
    /// and revoked once « confirmer » is ticked, an account's role changed, a contribution made publishable and back,
    /// the contributions filtered, and a date typed the French way on the home page (a wrong one named in French).
    /// </summary>
    [SkippableFact]
    public async Task The_admin_and_contribution_forms_answer_in_french()
    {
        await using var chromium = await WebAppBrowserTests.Launched.StartAsync();
        var browser = chromium.Browser;
        var errors = new List<string>();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "en-US" });
        page.SetDefaultTimeout(90_000);
        page.Response += (_, response) => { if (response.Status >= 500) errors.Add($"{response.Status} {response.Url}"); };
        await WebAppBrowserTests.LogInAsync(page, server, LiveServer.Admin);
        var notice = page.Locator("main p[role=status]").First;

        // an API key: created, its secret shown once, then revoked only with « confirmer » ticked
        await page.GotoAsync(server.Url + "/admin");
        await page.FillAsync("form[action*='AddKey'] input[name=name]", "tableau-de-bord");
        await page.ClickAsync("form[action*='AddKey'] button");
        await Assertions.Expect(notice).ToContainTextAsync("Clé « tableau-de-bord » créée. Secret (affiché une seule fois) : syn_");
        var keyRow = page.Locator("tr", new() { HasText = "tableau-de-bord" });
        await keyRow.Locator("input[name=confirme]").CheckAsync();
        await keyRow.Locator("button", new() { HasText = "Révoquer" }).ClickAsync();
        await Assertions.Expect(notice).ToHaveTextAsync("Clé révoquée.");
        await Assertions.Expect(page.Locator("tr", new() { HasText = "tableau-de-bord" })).ToContainTextAsync("révoquée");

        // an account: created, then its role changed from its row
        await page.FillAsync("form[action*='AddUser'] input[name=name]", "nadia");
        await page.ClickAsync("form[action*='AddUser'] button");
        await Assertions.Expect(notice).ToContainTextAsync("Utilisateur nadia créé.");
        var userRow = page.Locator("tr", new() { HasText = "nadia" });
        await userRow.Locator("select[name=role]").SelectOptionAsync(Roles.Reviewer);
        await userRow.Locator("form[action*='handler=Role'] button").ClickAsync();
        await Assertions.Expect(notice).ToHaveTextAsync("Rôle changé ; ses sessions ouvertes sont fermées.");
        Assert.Equal(Roles.Reviewer, await page.Locator("tr", new() { HasText = "nadia" }).Locator("select[name=role]").InputValueAsync());
        await WebAppBrowserTests.Shot(page, "10-admin-formulaires");

        // a contribution made publishable, then withdrawn from the public view
        long id;
        using (var c = server.Store.Connect())
            id = c.ScalarLong("SELECT id FROM contributions WHERE publishable = 0 ORDER BY id LIMIT 1");
        await page.GotoAsync(server.Url + $"/contributions/{id}");
        await page.ClickAsync("form[action*='handler=Publishable'] button");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("publiable (version masquée)");
        await page.ClickAsync("form[action*='handler=Publishable'] button");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("non publiable");

        // the contributions filtered by channel: every row says it, or the list says none matches
        await page.GotoAsync(server.Url + "/contributions");
        await page.SelectOptionAsync("select[name=channel]", "workshop");
        await page.ClickAsync("main form button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("channel=workshop"));
        var rows = page.Locator("table.list tbody tr");
        if (await rows.CountAsync() == 0) await Assertions.Expect(page.Locator("#aucune-contribution")).ToContainTextAsync("Aucune contribution ne correspond à ces filtres");
        for (var i = 0; i < await rows.CountAsync(); i++) Assert.Equal("atelier", (await rows.Nth(i).Locator("td").Nth(2).InnerTextAsync()).Trim());

        // a date typed jj/mm/aaaa in an English browser; a wrong one is named in French
        await page.GotoAsync(server.Url + "/");
        await page.FillAsync("input[name=depuis]", "01/03/2022");
        await page.ClickAsync("form.inline button[type=submit]");
        Assert.Equal("01/03/2022", await page.InputValueAsync("input[name=depuis]"));
        Assert.Equal(0, await page.Locator("main p.error").CountAsync());
        await page.FillAsync("input[name=depuis]", "31/02/2022");
        // the browser's own pattern check lets this through (it only checks the shape): the server names the date
        await page.ClickAsync("form.inline button[type=submit]");
        await Assertions.Expect(page.Locator("main p.error")).ToHaveTextAsync(
            "La date « 31/02/2022 » du champ « Nouveautés depuis le » n'est pas valide : écrivez-la jj/mm/aaaa, par exemple 31/01/2022.");
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
