using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Synthesis.Ingest;
using Synthesis.Ingest.Models;

namespace Synthesis.Api.Analysis;

/// <summary>Where one model's download stands: running (bytes so far, of how many), done, or failed and why.</summary>
public sealed record ModelDownload(bool Running, long Done, long? Total, string? Error)
{
    public int? Percent => Total is > 0 and var t ? (int)(100 * Done / t) : null;
}

/// <summary>
/// Model downloads started from the admin page (« Télécharger »): each runs in the background, one per model at a
/// time, through <see cref="ModelCatalog.PullAsync"/> (verified by its SHA-256, resumed after a break); the page
/// follows its progress. Once the file is there, transcriptions parked for want of it resume by themselves.
/// </summary>
public sealed class ModelDownloads(SynthesisStore store, SynthesisOptions settings, ILogger<ModelDownloads> log)
{
    readonly ConcurrentDictionary<string, ModelDownload> _state = new(StringComparer.OrdinalIgnoreCase);

    public ModelCatalog Catalog() => ModelCatalog.For(store.DataDirectory, settings);

    public ModelDownload? State(string name) => _state.GetValueOrDefault(name);

    /// <summary>Starts downloading <paramref name="name"/> unless it is present or already coming; false with the reason otherwise.</summary>
    public bool Start(string name, out string? refusal)
    {
        var catalog = Catalog();
        var entry = catalog.Find(name);
        refusal = entry is null ? $"modèle inconnu : {name}"
            : catalog.UrlOf(entry) is null ? $"{entry.Name} ne se télécharge pas automatiquement : {entry.Note}"
            : catalog.IsPresent(entry) ? $"{entry.Name} est déjà installé"
            : null;
        if (refusal is not null) return false;
        lock (_state)
        {
            if (_state.TryGetValue(entry!.Name, out var current) && current.Running) { refusal = $"{entry.Name} est déjà en cours de téléchargement"; return false; }
            _state[entry.Name] = new ModelDownload(true, 0, entry.Size, null);
        }
        _ = Task.Run(() => RunAsync(catalog, entry));
        return true;
    }

    async Task RunAsync(ModelCatalog catalog, ModelEntry entry)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromHours(2) };
            // reported on the downloading thread, so no late report can follow the final state
            var progress = new Reported(p => _state[entry.Name] = new ModelDownload(true, p.Done, p.Total, null));
            await catalog.PullAsync(entry.Name, http, progress);
            _state[entry.Name] = new ModelDownload(false, entry.Size ?? 0, entry.Size, null);
            log.LogInformation("Model {Model} downloaded and verified into {Folder}", entry.Name, catalog.Directory);
        }
        // a download runs on its own, with nobody to catch what it throws: whatever stops it is its state
        catch (Exception e)
        {
            _state[entry.Name] = new ModelDownload(false, 0, entry.Size, e.Message);
            log.LogWarning("Model {Model} could not be downloaded: {Reason}", entry.Name, e.Message);
        }
    }

    sealed class Reported(Action<(long Done, long? Total)> report) : IProgress<(long Done, long? Total)>
    {
        public void Report((long Done, long? Total) value) => report(value);
    }
}
