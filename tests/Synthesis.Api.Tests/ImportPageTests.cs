using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

/// <summary>
/// « Importer des contributions » as an admin uses it: files sent from the page, then the import report in French
/// (taken, already there, refused rows with their reasons) and the analysis it starts, followed live.
/// </summary>
public sealed class ImportPageTests(OwnHost fixture) : IClassFixture<OwnHost>
{
    ApiFactory factory => fixture.Factory;

    [Fact]
    public async Task An_upload_from_the_page_reports_rows_taken_and_refused_with_their_reasons_and_follows_the_analysis()
    {
        var admin = factory.As(Roles.Admin);
        var csv = "texte;canal;date\n" +
                  "Ouvrir la halte de nuit aussi le dimanche pour les personnes sans abri.;platform;14/03/2022\n" +
                  ";platform;15/03/2022\n" +
                  "Créer un répertoire des associations d'aide alimentaire du quartier.;atelier;pas une date\n" +
                  "Des bancs à l'ombre devant la maison de quartier.;marché;16/03/2022\n";
        var page = await PostAsync(admin, ("consultation-import.csv", csv), ("notes.xlsx", "PK\u0003\u0004"));
        Assert.Contains("Rapport d'import", page);
        var summary = Text(Regex.Match(page, "<p role=\"status\" class=\"notice\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value);
        Assert.Equal("3 contributions importées, 0 déjà présente (ignorée), 2 refusées, depuis 2 fichiers.", summary);
        // each refusal names its file, its row and why, in French
        var refused = Rows(page, "refus");
        Assert.Contains(["consultation-import.csv", "2", "le texte (champ « texte ») est vide (ligne 3)"], refused);
        Assert.Contains(refused, r => r[0] == "notes.xlsx" && r[2].StartsWith("type de fichier « .xlsx » non pris en charge", StringComparison.Ordinal));
        var warnings = Rows(page, "avertissements");
        Assert.Contains(warnings, r => r[1] == "3" && r[2].Contains("« pas une date » n'est pas une date") && r[2].Contains("contribution gardée sans date"));
        // a channel in the French the app shows is taken as such; another word is named, with the words accepted
        Assert.DoesNotContain(warnings, r => r[1] == "3" && r[2].Contains("canal"));
        Assert.Contains(warnings, r => r[1] == "4" && r[2].StartsWith("« marché » n'est pas un canal connu (par exemple : plateforme en ligne,", StringComparison.Ordinal)
            && r[2].EndsWith("; contribution gardée avec le canal « autre »", StringComparison.Ordinal));
        using (var c = factory.Store.Connect())
            Assert.Equal("workshop", c.Scalar("SELECT channel FROM contributions WHERE text LIKE 'Créer un répertoire des associations%'"));
        // the analysis it started, on the page, followed live
        Assert.Contains("Analyse des contributions importées", page);
        Assert.Contains("data-live=\"/taches?handler=Etat\"", page);
        Assert.Equal(1, factory.Store.Connect().ScalarLong("SELECT count(*) FROM contributions WHERE text LIKE 'Ouvrir la halte de nuit aussi le dimanche%'"));

        // the same file again: nothing doubled, and the page says so
        var again = await PostAsync(admin, ("consultation-import.csv", csv));
        Assert.Contains("0 contribution importée, 3 déjà présentes (ignorées), 1 refusée, depuis 1 fichier.",
            Text(Regex.Match(again, "<p role=\"status\" class=\"error\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value));
        Assert.DoesNotContain("Analyse des contributions importées", again);
    }

    [Fact]
    public async Task The_page_asks_for_a_file_and_is_for_admins_only()
    {
        var empty = await PostAsync(factory.As(Roles.Admin));
        Assert.Contains("Aucun fichier choisi : choisissez au moins un fichier à importer.", empty);
        using var reviewer = await factory.As(Roles.Reviewer).GetAsync("/admin/importer");
        Assert.Equal(HttpStatusCode.Forbidden, reviewer.StatusCode);
    }

    [Fact]
    public async Task A_first_start_guides_an_admin_from_the_empty_data_folder_to_an_analysed_consultation()
    {
        await using var empty = new ApiFactory { Empty = true };
        await ((IAsyncLifetime)empty).InitializeAsync();
        var home = await empty.As(Roles.Admin).GetStringAsync("/");
        Assert.Contains("Premiers pas", home);
        Assert.Contains("Aucune contribution pour l'instant", home);
        Assert.Contains("<a href=\"/admin/importer\">Importer des contributions</a>", home);
        // the speech model is not there: the page says where it is looked for and how to get it
        Assert.Contains("le modèle de transcription n'est pas installé", home);
        Assert.Contains(Path.Combine(empty.Store.DataDirectory, "models"), WebUtility.HtmlDecode(home));
        Assert.Contains("href=\"/admin#modeles-section\"", home);
        Assert.DoesNotContain("synthesis models pull", home);
        Assert.DoesNotContain("Thèmes principaux", home);
        // an analyst is told who imports
        var analyst = await empty.As(Roles.Analyst).GetStringAsync("/");
        Assert.Contains("Un administrateur le fait depuis la page Administration.", analyst);
        Assert.DoesNotContain("/admin/importer", analyst);
        // and every empty list says why it is empty and what to do
        var expected = new Dictionary<string, string>
        {
            ["/taches"] = "Aucune tâche : rien n'a encore été importé. Importez des contributions pour lancer l'analyse.",
            ["/contributions"] = "Aucune contribution pour l'instant. Importez des contributions",
            ["/contributions?channel=street_event"] = "Aucune contribution ne correspond à ces filtres : retirez-en un",
            ["/themes"] = "Aucun thème pour l'instant : l'analyse n'a pas encore tourné.",
            ["/themes/croisements"] = "Rien à croiser pour l'instant : il faut des thèmes",
            ["/recherche?q=logement"] = "Pour élargir : moins de mots",
            ["/rapports"] = "Aucun thème pour l'instant : l'analyse les calcule après l'import des contributions",
            ["/revue"] = "Aucun thème à relire pour l'instant",
            ["/revue/a-verifier"] = "Rien à vérifier",
            ["/revue/journal"] = "Aucune décision pour l'instant.",
            ["/revue/controle"] = "Aucun contrôle pour l'instant",
        };
        foreach (var (path, message) in expected)
        {
            var html = Regex.Replace(Regex.Replace(WebUtility.HtmlDecode(await empty.As(Roles.Admin).GetStringAsync(path)), "<[^>]+>", ""), @"\s+", " ");
            Assert.True(html.Contains(message), $"{path} does not say « {message} »");
        }
        Assert.Contains("Rien à analyser pour l'instant : aucune contribution n'a été importée.", WebUtility.HtmlDecode(await empty.As(Roles.Admin).GetStringAsync("/taches")));
    }

    [Fact]
    public async Task A_search_on_a_channel_whose_contributions_wait_for_their_transcription_says_so()
    {
        await using var f = new ApiFactory { Empty = true };
        await ((IAsyncLifetime)f).InitializeAsync();
        // a street-event recording is in, not yet transcribed: it has no passage a search could find
        new Synthesis.Ingest.Import.Importer(f.Store, new Synthesis.Ingest.Import.ImportOptions())
            .Import(Path.Combine(Consultation.RepoRoot, "eval-data", "demo", "enregistrements", "fleurs-fr-001.ogg"));
        string Text(string html) => Regex.Replace(Regex.Replace(WebUtility.HtmlDecode(html), "<[^>]+>", ""), @"\s+", " ");
        var page = Text(await f.As(Roles.Analyst).GetStringAsync("/recherche?q=logement&channel=street_event&mode=vector"));
        Assert.Contains("Aucun résultat", page);
        Assert.Contains("La contribution arrivée par le canal « événement de rue » n'a pas encore de passage analysé", page);
        // the « sens proche » mode is in use: the advice does not suggest it again
        Assert.DoesNotContain("le mode « sens proche »", page);
        Assert.Contains("le mode « sens proche »", Text(await f.As(Roles.Analyst).GetStringAsync("/recherche?q=logement&channel=street_event&mode=bm25")));
        // the list of contributions says the recording has no text yet (it read « fleurs-fr-001 : audio »)
        Assert.Contains("fleurs-fr-001 : aucun texte transcrit pour l'instant audio", Text(await f.As(Roles.Analyst).GetStringAsync("/contributions")));
    }

    static async Task<string> PostAsync(HttpClient client, params (string Name, string Content)[] files)
    {
        var form = await client.GetStringAsync("/admin/importer");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, text) in files) content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "fichiers", name);
        using var response = await client.PostAsync("/admin/importer", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The cells of a table's body rows, as text.</summary>
    static List<string[]> Rows(string html, string id) =>
        Regex.Matches(Regex.Match(html, $"<table class=\"list\" id=\"{id}\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value.Split("<tbody>")[1], "<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(row => Regex.Matches(row.Groups[1].Value, "<td>(.*?)</td>", RegexOptions.Singleline).Select(cell => Text(cell.Groups[1].Value)).ToArray()).ToList();

    static string Text(string html) => WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<[^>]+>", ""), @"\s+", " ")).Trim();
}
