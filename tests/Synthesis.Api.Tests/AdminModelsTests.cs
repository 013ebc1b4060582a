using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

/// <summary>
/// The speech model as an admin installs it from /admin: the page says the recordings wait for it and where its file
/// goes; « Télécharger » fetches it in the background and the page follows the download to its end, here a failure
/// (nothing listens at the mirror's address) told in French with what to do instead.
/// </summary>
public sealed class AdminModelsTests(OwnHost fixture) : IClassFixture<OwnHost>
{
    [Fact]
    public async Task An_admin_downloads_the_speech_model_from_the_admin_page_and_reads_why_it_failed()
    {
        // a mirror nobody answers at: the download fails at once, on any machine, online or not
        using var host = fixture.Factory.WithWebHostBuilder(b => b.UseSetting("Synthesis:ModelSource", "http://127.0.0.1:9/modeles"));
        var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.Factory.Keys[Roles.Admin]);
        var folder = Path.Combine(fixture.Factory.Store.DataDirectory, "models");

        var admin = WebUtility.HtmlDecode(await client.GetStringAsync("/admin"));
        Assert.Contains("Le modèle de transcription utilisé (whisper-base) n'est pas installé", admin);
        Assert.Contains($"copiez le fichier ggml-base.bin dans {folder}", Text(admin));
        Assert.Contains("aria-label=\"Télécharger whisper-base\"", admin);

        var token = Regex.Match(admin, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var pull = await client.PostAsync("/admin?handler=Pull",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["name"] = "whisper-base" }));
        Assert.Equal(HttpStatusCode.Redirect, pull.StatusCode);
        Assert.Contains("Téléchargement de whisper-base lancé", WebUtility.HtmlDecode(await client.GetStringAsync("/admin")));

        // the section the page asks for again while the download runs, until it is over
        string fragment = "";
        for (var i = 0; i < 100; i++)
        {
            fragment = WebUtility.HtmlDecode(await client.GetStringAsync("/admin?handler=Modeles"));
            if (fragment.Contains("data-busy=\"false\"")) break;
            await Task.Delay(100);
        }
        var row = Regex.Match(fragment, "<tr data-model=\"whisper-base\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("échec : téléchargement de whisper-base impossible depuis 127.0.0.1", row);
        Assert.Contains($"Copiez le fichier ggml-base.bin dans {folder}", Text(row));
        Assert.Contains("Télécharger", row); // it can be tried again
        Assert.False(File.Exists(Path.Combine(folder, "ggml-base.bin")));

        // a file copied there by hand: the page says the model is installed
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "ggml-base.bin"), [0]);
        try
        {
            var installed = WebUtility.HtmlDecode(await client.GetStringAsync("/admin?handler=Modeles"));
            Assert.Contains("Le modèle de transcription utilisé, whisper-base, est installé", installed);
            Assert.DoesNotContain("aria-label=\"Télécharger whisper-base\"", installed);
        }
        finally
        {
            File.Delete(Path.Combine(folder, "ggml-base.bin"));
        }
    }

    static string Text(string html) => Regex.Replace(html, "<[^>]+>", "");
}
