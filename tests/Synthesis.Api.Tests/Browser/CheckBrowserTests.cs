using Microsoft.Playwright;
using static Synthesis.Api.Tests.Browser.WebAppBrowserTests;

namespace Synthesis.Api.Tests.Browser;

/// <summary>
/// The staff check in Chromium, on a consultation of its own (the labels become review corrections): draw a sample,
/// label ten passages blind, read the agreement.
/// </summary>
public sealed class CheckBrowserTests(LiveServer server) : IClassFixture<LiveServer>
{
    [SkippableFact]
    public async Task A_reviewer_draws_a_sample_labels_it_without_seeing_the_machine_and_reads_the_agreement_in_French()
    {
        Skip.IfNot(File.Exists(Chromium), "Debian's chromium is not installed: run scripts/setup.sh");
        await using var session = await ReviewerBrowser.OpenAsync(server);
        var (page, serverErrors) = (session.Page, session.ServerErrors);

        await page.GotoAsync(server.Url + "/revue");
        await page.ClickAsync("text=Contrôler la fiabilité de l'analyse");
        Assert.Contains("Aucun contrôle pour l'instant", await page.Locator("p.empty").InnerTextAsync());
        await page.FillAsync("input[name=taille]", "12");
        await page.ClickAsync("form.inline button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/revue/controle/\\d+$"));
        Assert.Contains("12 passages, 0 relus", (await page.Locator("p.lead").InnerTextAsync()).Replace('\u00a0', ' '));
        var items = page.Locator("fieldset.check-item");
        Assert.Equal(10, await items.CountAsync());
        // blind: no label of the machine on the page while labelling
        Assert.Equal(0, await page.Locator("fieldset.check-item .badge").CountAsync());
        Assert.DoesNotContain("sûre à", await page.Locator("form.staff-check").InnerTextAsync());
        await Shot(page, "20-controle-a-lire");

        for (var i = 0; i < 10; i++)
        {
            var item = items.Nth(i);
            await item.Locator("input[value=neutral]").CheckAsync();
            await item.Locator($"input[value={(i < 5 ? "solution" : "problem")}]").CheckAsync();
        }
        await page.ClickAsync("form.staff-check button[type=submit]");
        Assert.Equal("10 passages enregistrés.", (await page.Locator("p.notice[role=status]").InnerTextAsync()).Trim());
        Assert.Contains("12 passages, 10 relus", (await page.Locator("p.lead").InnerTextAsync()).Replace('\u00a0', ' '));
        Assert.Equal(2, await items.CountAsync());
        var tone = page.Locator("#accord-tone");
        Assert.Contains("Ton : accord de la machine avec vos réponses", await tone.Locator("h2").InnerTextAsync());
        Assert.Contains("1 pour un accord parfait", await tone.InnerTextAsync());
        var figures = (await tone.Locator("table").First.InnerTextAsync()).Replace('\u00a0', ' ');
        Assert.Contains("Exactitude", figures);
        Assert.Contains("Kappa de Cohen", figures);
        Assert.Contains("%", figures);
        Assert.Contains("Vous \\ machine", await page.Locator("#accord-question table.confusion").InnerTextAsync());
        await Shot(page, "21-controle-accord");

        // the corrections can revise every passage: a new analysis of the whole consultation
        long contributions;
        using (var c = server.Store.Connect()) contributions = c.ScalarLong("SELECT count(DISTINCT contribution_id) FROM passages");
        await page.ClickAsync("form.reanalyse button");
        Assert.StartsWith($"Nouvelle analyse de {contributions} contributions lancée", (await page.Locator("p.notice[role=status]").InnerTextAsync()).Replace('\u00a0', ' '));

        // a passage left without an answer stays to do; an answer without its type is refused in French
        var number = (await items.Nth(0).Locator("legend").InnerTextAsync()).Trim();
        await items.Nth(0).Locator("input[value=negative]").CheckAsync();
        await page.ClickAsync("form.staff-check button[type=submit]");
        // named as the page numbers it, and the tone already chosen is still ticked: only the type is to add
        Assert.Contains($"{number} : choisissez un type", (await page.Locator("p.notice[role=status]").InnerTextAsync()).Replace('\u00a0', ' '));
        Assert.True(await items.Nth(0).Locator("input[value=negative]").IsCheckedAsync());
        Assert.False(await items.Nth(0).Locator("input[value=neutral]").IsCheckedAsync());
        // the confusion table lists the types in the product's order, every one of them
        Assert.Equal(["problèmes", "engagement", "solutions", "autres"],
            (await page.Locator("#accord-question table.confusion thead th").AllInnerTextsAsync()).Skip(1).Select(t => t.Trim()));
        await page.GotoAsync(server.Url + "/revue/controle");
        Assert.Contains("10 / 12", (await page.Locator("table.list").InnerTextAsync()).Replace('\u00a0', ' '));

        // logging out says so
        await page.ClickAsync("form.who button");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/connexion\\?deconnecte=true$"));
        Assert.Equal("Vous êtes déconnecté. À bientôt !", (await page.Locator("p.notice[role=status]").InnerTextAsync()).Trim());
        Assert.Empty(serverErrors);
    }
}
