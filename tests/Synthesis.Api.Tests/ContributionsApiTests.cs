using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class ContributionsApiTests(ApiFactory factory)
{
    long IdOf(string externalRef)
    {
        using var c = factory.Store.Connect();
        return c.ScalarLong("SELECT id FROM contributions WHERE external_ref = $r", null, ("$r", externalRef));
    }

    [Fact]
    public async Task The_list_pages_and_filters_by_channel_and_neighbourhood()
    {
        var client = factory.As(Roles.Analyst);
        var all = await client.GetJson("/api/contributions?page_size=10");
        Assert.Equal(10, all["items"]!.AsArray().Count);
        Assert.True((long)all["total"]! > 3000);
        var second = await client.GetJson("/api/contributions?page_size=10&page=2");
        Assert.NotEqual((long)all["items"]![0]!["id"]!, (long)second["items"]![0]!["id"]!);

        var workshops = await client.GetJson("/api/contributions?channel=workshop&neighbourhood=Bellevue&page_size=200");
        var items = workshops["items"]!.AsArray();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal("workshop", (string)i!["channel"]!));
        Assert.All(items, i => Assert.Equal("Bellevue", (string)i!["neighbourhood"]!));
    }

    [Fact]
    public async Task A_wrong_filter_value_is_a_400_that_names_the_field()
    {
        using var response = await factory.As(Roles.Analyst).GetAsync("/api/contributions?channel=pigeon");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Json();
        Assert.Equal("channel", (string)problem["field"]!);
        Assert.Contains("street_event", (string)problem["detail"]!);
    }

    [Fact]
    public async Task A_contribution_comes_with_its_passages_and_their_analysis()
    {
        var detail = await factory.As(Roles.Analyst).GetJson($"/api/contributions/{IdOf("N019")}");
        Assert.Equal("Bellevue", (string)detail["contribution"]!["neighbourhood"]!);
        Assert.Equal("social_worker", (string)detail["contribution"]!["profile"]!);
        var passages = detail["passages"]!.AsArray();
        Assert.NotEmpty(passages);
        var text = (string)detail["text"]!;
        foreach (var p in passages)
        {
            var (start, end) = ((int)p!["char_start"]!, (int)p["char_end"]!);
            Assert.Equal(text[start..end], (string)p["text"]!);
            Assert.NotNull((string?)p["sentiment"]);
            Assert.NotNull((string?)p["question"]);
        }
    }

    [Fact]
    public async Task An_unknown_contribution_is_a_404_problem()
    {
        using var response = await factory.As(Roles.Analyst).GetAsync("/api/contributions/987654");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("987654", (string)(await response.Json())["detail"]!);
    }

    [Fact]
    public async Task A_recording_is_served_with_range_requests_for_playback_from_a_quote()
    {
        long id;
        using (var c = factory.Store.Connect()) id = c.ScalarLong("SELECT id FROM contributions WHERE media = 'audio' LIMIT 1");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/contributions/{id}/original");
        request.Headers.Range = new RangeHeaderValue(0, 99);
        using var response = await factory.As(Roles.Analyst).SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("audio/ogg", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(100, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task An_admin_adds_a_text_contribution_and_a_second_identical_one_is_a_duplicate()
    {
        var client = factory.As(Roles.Admin);
        var body = new { text = "Il faudrait une laverie solidaire à prix réduit pour les familles du quartier.", neighbourhood = "Malakoff", @ref = "api-1", profile = "person_concerned" };
        using var created = await client.PostJson("/api/contributions", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, (int)(await created.Json())["imported"]!);
        using var again = await client.PostJson("/api/contributions", body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, (int)(await again.Json())["duplicates"]!);
        var id = IdOf("api-1");
        var detail = await client.GetJson($"/api/contributions/{id}");
        Assert.Equal("Malakoff", (string)detail["contribution"]!["neighbourhood"]!);
    }

    [Fact]
    public async Task Files_upload_as_multipart_and_a_name_with_folders_cannot_leave_the_data_folder()
    {
        var client = factory.As(Roles.Admin);
        using var form = new MultipartFormDataContent();
        var csv = new ByteArrayContent(Encoding.UTF8.GetBytes("id,texte\nup-1,Les jeunes du quartier veulent un local pour monter des projets solidaires.\n"));
        form.Add(csv, "files", "../../../evil.csv");
        using var response = await client.PostAsync("/api/contributions/files", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(IdOf("up-1") > 0);
        var parent = Path.GetDirectoryName(factory.Store.DataDirectory)!;
        Assert.False(File.Exists(Path.Combine(parent, "evil.csv")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(parent)!, "evil.csv")));
        using var c = factory.Store.Connect();
        Assert.Equal("evil.csv", c.Scalar("SELECT original_name FROM contributions WHERE external_ref = 'up-1'"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(factory.Store.DataDirectory, "uploads")));
    }

    [Fact]
    public async Task An_unsupported_file_type_is_415_and_an_oversized_upload_is_413()
    {
        var client = factory.As(Roles.Admin);
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent([0x4d, 0x5a, 1, 2]), "files", "programme.exe");
            using var response = await client.PostAsync("/api/contributions/files", form);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Contains("programme.exe", (string)(await response.Json())["detail"]!);
        }
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent(new byte[factory.MaxUploadBytes + 1024]), "files", "gros.csv");
            using var response = await client.PostAsync("/api/contributions/files", form);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        using (var plain = new StringContent("id,texte\n1,x\n", Encoding.UTF8, "text/csv"))
        using (var response = await client.PostAsync("/api/contributions/files", plain))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_and_huge_bodies_are_refused_with_problems()
    {
        var client = factory.As(Roles.Admin);
        using (var bad = new StringContent("{\"text\": \"oups", Encoding.UTF8, "application/json"))
        using (var response = await client.PostAsync("/api/contributions", bad))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var huge = "{\"text\": \"" + new string('a', 5 * 1024 * 1024) + "\"}";
        using (var body = new StringContent(huge, Encoding.UTF8, "application/json"))
        using (var response = await client.PostAsync("/api/contributions", body))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using (var empty = await client.PostJson("/api/contributions", new { text = "  " }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.Equal("text", (string)(await empty.Json())["field"]!);
        }
    }

    [Fact]
    public async Task Script_in_a_contribution_is_escaped_in_the_web_app()
    {
        var html = await factory.As(Roles.Analyst).GetStringAsync($"/contributions/{IdOf("N045")}");
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;alert", html);
    }

    [Fact]
    public async Task A_transcript_passage_plays_the_recording_from_its_timestamp()
    {
        long id;
        using (var c = factory.Store.Connect())
        {
            id = c.ScalarLong("SELECT id FROM contributions WHERE media = 'audio' LIMIT 1");
            // What the transcribe stage writes for a Whisper segment (no Whisper model on the build machines).
            c.Execute("""
                INSERT OR IGNORE INTO passages(contribution_id, ord, text, source, char_start, char_end, start_ms, end_ms, confidence, needs_review)
                VALUES ($c, 0, 'On manque de bénévoles le samedi matin.', 'transcript', 0, 39, 12500, 15000, 0.42, 1)
                """, null, ("$c", id));
        }
        var html = await factory.As(Roles.Analyst).GetStringAsync($"/contributions/{id}");
        Assert.Contains($"src=\"/api/contributions/{id}/original#t=12.5,15\"", html);
        Assert.Contains("à 0:00:12", html);
        Assert.Contains("à vérifier", html);
    }
}

public sealed class UploadLeftoversTests
{
    [Fact]
    public void What_an_interrupted_upload_left_is_removed_at_start_and_a_running_upload_is_not()
    {
        var data = Path.Combine(Path.GetTempPath(), "synthesis-leftovers", Guid.NewGuid().ToString("N"));
        var temp = Path.Combine(data, "tmp");
        var old = Directory.CreateDirectory(Path.Combine(data, "uploads", "20261201120000-abc")).FullName;
        File.WriteAllText(Path.Combine(old, "contributions.csv"), "texte\nx\n");
        var running = Directory.CreateDirectory(Path.Combine(data, "uploads", "20261206120000-def")).FullName;
        Directory.CreateDirectory(temp);
        var oldBuffer = Path.Combine(temp, "ASPNETCORE_0b1c.tmp");
        var freshBuffer = Path.Combine(temp, "ASPNETCORE_9f8e.tmp");
        var other = Path.Combine(temp, "autre.tmp");
        foreach (var f in new[] { oldBuffer, freshBuffer, other }) File.WriteAllText(f, "x");
        var twoHoursAgo = DateTime.UtcNow.AddHours(-2);
        Directory.SetLastWriteTimeUtc(old, twoHoursAgo);
        File.SetLastWriteTimeUtc(oldBuffer, twoHoursAgo);
        File.SetLastWriteTimeUtc(other, twoHoursAgo);

        Assert.Equal(2, Apis.UploadLeftovers.Clean(data, tempDirectory: temp));

        Assert.False(Directory.Exists(old));
        Assert.False(File.Exists(oldBuffer));
        Assert.True(Directory.Exists(running));
        Assert.True(File.Exists(freshBuffer));
        Assert.True(File.Exists(other));
    }
}
