namespace Synthesis.Ingest;

/// <summary>
/// Every setting of Synthesis, in one object bound once from configuration (<see cref="SynthesisConfiguration"/>):
/// <c>appsettings.json</c> beside the program, the environment (<c>Synthesis__Topics=12</c>), the command line
/// (<c>--Synthesis:Topics=12</c>), and, deprecated, the old <c>SYNTHESIS_*</c> variables. Keys are under
/// <c>Synthesis:</c>; <see cref="Validate"/> names the key of each wrong value.
/// </summary>
public sealed class SynthesisOptions
{
    public const string Section = "Synthesis";

    /// <summary>The data folder (store, originals, indexes).</summary>
    public string Data { get; set; } = "data";

    /// <summary>
    /// The database: unset, SQLite in the data folder; <c>postgres://user:password@host:5432/database</c> (or an Npgsql
    /// connection string), a PostgreSQL database that several machines' workers share.
    /// </summary>
    public string? Store { get; set; }

    /// <summary>The folder of the original files (recordings, photos, spreadsheets as imported); unset: <c>originals</c> in
    /// the data folder. With workers on several machines, a folder each of them reaches.</summary>
    public string? Originals { get; set; }

    /// <summary>Number of top-level themes; unset: chosen by the topic run.</summary>
    public int? Topics { get; set; }

    /// <summary>The embedding model: <c>builtin</c>, <c>builtin:FILE</c> (made by <c>synthesis models train</c>) or <c>onnx:FOLDER</c>.</summary>
    public string Embedder { get; set; } = "builtin";

    /// <summary>Query spelling in search (a typo read as the nearest French form the index has).</summary>
    public bool SearchSpelling { get; set; } = true;

    /// <summary><c>embedded</c> (the index in the data folder) or <c>qdrant</c> (at <see cref="QdrantSettings.Url"/>).</summary>
    public string VectorStore { get; set; } = "embedded";

    public QdrantSettings Qdrant { get; set; } = new();

    /// <summary>An OpenAI-compatible endpoint for written summaries; unset: extractive summaries only.</summary>
    public LlmSettings Llm { get; set; } = new();

    /// <summary>Where the Whisper models are (default: models/ in the data folder).</summary>
    public string? Models { get; set; }

    /// <summary>
    /// Where models are downloaded from when not from their publishers' addresses: a mirror inside the city's network
    /// serving each file under its manifest name (<c>https://miroir.ville.fr/modeles/ggml-base.bin</c>).
    /// </summary>
    public string? ModelSource { get; set; }

    public WhisperSettings Whisper { get; set; } = new();

    /// <summary>The language of the recordings (Whisper's code), <c>fr</c> by default.</summary>
    public string? Language { get; set; }

    /// <summary>Run the pipeline worker inside <c>synthesis serve</c> (the single-machine default).</summary>
    public bool Worker { get; set; } = true;

    /// <summary>
    /// The address people reach this server at (<c>https://concertation.ville.fr/synthese</c>): the links in exported
    /// reports point there. Unset, they point to the address the export was asked from.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Serve the public transparency view (publishable contributions only, redacted) at /public.</summary>
    public bool PublicView { get; set; }

    /// <summary>Largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Login attempts allowed per client address and minute.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>
    /// Small-cell suppression: a crossing (theme x neighbourhood, profile or channel) shows « &lt; N » rather than a count
    /// of fewer than N contributions, so that a cell does not point at a few people.
    /// </summary>
    public int SmallCell { get; set; } = 5;

    public sealed class QdrantSettings
    {
        public string? Url { get; set; }
        public string? ApiKey { get; set; }
    }

    public sealed class LlmSettings
    {
        public string? Url { get; set; }
        public string Model { get; set; } = "mistral";
        public string? Key { get; set; }
    }

    public sealed class WhisperSettings
    {
        /// <summary>The ggml model file name (in <see cref="Models"/>) or path.</summary>
        public string? Model { get; set; }
        public int? MaxTokens { get; set; }
    }

    /// <summary>What is wrong, one line per key ("Synthesis:Topics: ..."); empty when every value can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Check(bool ok, string key, string what) { if (!ok) errors.Add($"{Section}:{key}: {what}"); }
        Check(string.IsNullOrWhiteSpace(Data) is false, "Data", "give the data folder");
        Check(string.IsNullOrWhiteSpace(Store) || PostgresAddressError(Store) is null, "Store", PostgresAddressError(Store ?? "") ?? "");
        Check(Topics is null or (>= 1 and <= 200), "Topics", $"a number of themes from 1 to 200, not {Topics}");
        Check(Embedder == "builtin" || Embedder.StartsWith("builtin:", StringComparison.Ordinal) && Embedder.Length > 8
            || Embedder.StartsWith("onnx:", StringComparison.Ordinal) && Embedder.Length > 5,
            "Embedder", $"builtin, builtin:FILE or onnx:FOLDER, not '{Embedder}'");
        Check(VectorStore is "embedded" or "qdrant", "VectorStore", $"embedded or qdrant, not '{VectorStore}'");
        Check(Qdrant.Url is null || Uri.TryCreate(Qdrant.Url, UriKind.Absolute, out _), "Qdrant:Url",
            $"the Qdrant server's address (http://host:6334), not '{Qdrant.Url}'");
        Check(Llm.Url is null || Uri.TryCreate(Llm.Url, UriKind.Absolute, out var llm) && llm.Scheme is "http" or "https", "Llm:Url",
            $"an http(s) address of an OpenAI-compatible endpoint, not '{Llm.Url}'");
        Check(ModelSource is null || Uri.TryCreate(ModelSource, UriKind.Absolute, out var mirror) && mirror.Scheme is "http" or "https", "ModelSource",
            $"an http or https address such as https://miroir.ville.fr/modeles, not '{ModelSource}'");
        Check(PublicUrl is null || Uri.TryCreate(PublicUrl, UriKind.Absolute, out var pub) && pub.Scheme is "http" or "https", "PublicUrl",
            $"an http or https address such as https://concertation.ville.fr, not '{PublicUrl}'");
        Check(Whisper.MaxTokens is null or > 0, "Whisper:MaxTokens", $"a positive number, not {Whisper.MaxTokens}");
        Check(MaxUploadBytes > 0, "MaxUploadBytes", $"a positive number of bytes, not {MaxUploadBytes}");
        Check(LoginAttemptsPerMinute > 0, "LoginAttemptsPerMinute", $"a positive number, not {LoginAttemptsPerMinute}");
        Check(SmallCell is >= 1 and <= 100, "SmallCell", $"a number of contributions from 1 to 100, not {SmallCell}");
        return errors;
    }

    static string? PostgresAddressError(string address)
    {
        try
        {
            Synthesis.Store.PostgresAddress.ConnectionString(address);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
