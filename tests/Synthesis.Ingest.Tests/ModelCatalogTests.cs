using System.Net;
using System.Security.Cryptography;
using Synthesis.Ingest.Models;

namespace Synthesis.Ingest.Tests;

public class ModelCatalogTests
{
    /// <summary>A local HTTP server with range support, standing in for the model host.</summary>
    sealed class ModelHost : IDisposable
    {
        readonly HttpListener _listener = new();
        public byte[] Content { get; }
        public string Url { get; }
        public List<string?> Ranges { get; } = [];
        public int FailAfterBytes { get; set; } = -1;

        public ModelHost(byte[] content)
        {
            Content = content;
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/ggml-test.bin";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        static int FreePort()
        {
            var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); } catch { return; }
                var range = context.Request.Headers["Range"];
                lock (Ranges) Ranges.Add(range);
                var from = range is null ? 0 : int.Parse(range["bytes=".Length..].TrimEnd('-'));
                context.Response.StatusCode = from > 0 ? 206 : 200;
                var length = Content.Length - from;
                context.Response.ContentLength64 = length;
                try
                {
                    var send = FailAfterBytes >= 0 ? Math.Min(FailAfterBytes, length) : length;
                    await context.Response.OutputStream.WriteAsync(Content.AsMemory(from, send));
                    if (send < length) { context.Response.Abort(); continue; }
                    context.Response.Close();
                }
                catch (HttpListenerException) { }
            }
        }

        public void Dispose() => _listener.Close();
    }

    static (ModelCatalog Catalog, ModelHost Host) Catalog(byte[] content, string? sha = null)
    {
        var host = new ModelHost(content);
        var entry = new ModelEntry("whisper-test", "whisper", "ggml-test.bin", host.Url,
            sha ?? Convert.ToHexStringLower(SHA256.HashData(content)), content.Length, "ggml f16", "MIT");
        return (new ModelCatalog([entry], TestData.TempDir()), host);
    }

    static byte[] Bytes(int n) { var b = new byte[n]; new Random(11).NextBytes(b); return b; }

    [Fact]
    public async Task Pull_downloads_and_verifies_the_file()
    {
        var (catalog, host) = Catalog(Bytes(300_000));
        using (host)
        {
            using var http = new HttpClient();
            var path = await catalog.PullAsync("whisper-test", http);
            Assert.Equal(host.Content, await File.ReadAllBytesAsync(path));
            Assert.True(catalog.IsPresent(catalog.Find("whisper-test")!));
            Assert.False(File.Exists(path + ".part"));
        }
    }

    [Fact]
    public async Task A_broken_download_resumes_where_it_stopped()
    {
        var (catalog, host) = Catalog(Bytes(300_000));
        using (host)
        {
            using var http = new HttpClient();
            host.FailAfterBytes = 100_000;
            await Assert.ThrowsAnyAsync<Exception>(() => catalog.PullAsync("whisper-test", http));
            var part = catalog.PathOf(catalog.Find("whisper-test")!) + ".part";
            Assert.InRange(new FileInfo(part).Length, 1, 299_999);

            host.FailAfterBytes = -1;
            var path = await catalog.PullAsync("whisper-test", http);
            Assert.Equal(host.Content, await File.ReadAllBytesAsync(path));
            Assert.StartsWith("bytes=", host.Ranges[^1]);
        }
    }

    [Fact]
    public async Task A_file_that_does_not_match_its_sha256_is_discarded()
    {
        var (catalog, host) = Catalog(Bytes(50_000), sha: new string('0', 64));
        using (host)
        {
            using var http = new HttpClient();
            var e = await Assert.ThrowsAsync<ModelDownloadException>(() => catalog.PullAsync("whisper-test", http));
            Assert.Contains("does not match", e.Message);
            Assert.False(File.Exists(catalog.PathOf(catalog.Find("whisper-test")!)));
            Assert.False(File.Exists(catalog.PathOf(catalog.Find("whisper-test")!) + ".part"));
        }
    }

    [Fact]
    public async Task Offline_the_pull_fails_with_a_message_saying_what_to_do()
    {
        var entry = new ModelEntry("whisper-x", "whisper", "ggml-x.bin", "http://127.0.0.1:9/ggml-x.bin", null, null, "ggml", "MIT");
        var catalog = new ModelCatalog([entry], TestData.TempDir());
        using var http = new HttpClient();
        var e = await Assert.ThrowsAsync<ModelDownloadException>(() => catalog.PullAsync("whisper-x", http));
        Assert.Contains("offline", e.Message);
        Assert.Contains("by hand", e.Message);
    }

    [Fact]
    public void The_shipped_manifest_lists_the_whisper_models_with_hashes_and_licences()
    {
        var catalog = ModelCatalog.Load(TestData.TempDir(), TestData.EvalData("..", "models", "manifest.json"));
        foreach (var name in new[] { "whisper-tiny", "whisper-base", "whisper-small", "whisper-medium", "whisper-large-v3-turbo-q5_0", "whisper-base-q5_1" })
        {
            var entry = catalog.Find(name);
            Assert.NotNull(entry);
            Assert.Matches("^[0-9a-f]{64}$", entry!.Sha256);
            Assert.StartsWith("https://", entry.Url);
            Assert.False(string.IsNullOrWhiteSpace(entry.Licence));
        }
    }
}
