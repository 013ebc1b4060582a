using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synthesis.Ingest.Search;

/// <summary>Persistence of the embedded index: generation files, checksums and the manifest swapped atomically.</summary>
public sealed partial class EmbeddedVectorIndex
{
    // ---------------------------------------------------------------- persistence

    sealed record FileEntry(string File, long Bytes, string Sha256);

    sealed record Manifest(
        int Format, string Model, string Version, int Dimensions, long Count, int Slots, long Generation,
        FileEntry Vectors, FileEntry? Hnsw, bool HnswHalfPrecision, DateTimeOffset SavedAt, long Watermark = 0, long? Floor = null);

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Whether there are changes not yet saved.</summary>
    public bool IsDirty => _dirty;

    /// <summary>
    /// Persists the index: new data files (temp name, flushed to disk, renamed), then the manifest is replaced in one
    /// atomic rename, then older generations are deleted. Does nothing when nothing changed since the last Save.
    /// </summary>
    public void Save()
    {
        if (Folder is null) throw new InvalidOperationException("this index has no folder; use EmbeddedVectorIndex.Create or Open");
        lock (_saveLock) SaveLocked();
    }

    readonly object _saveLock = new();

    void SaveLocked()
    {
        _lock.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            if (!_dirty && File.Exists(Path.Combine(Folder, ManifestName))) return;
            var gen = Math.Max(_generation + 1, DateTime.UtcNow.Ticks);
            var vectorsName = $"vectors-{gen}.bin";
            var vectors = WriteAtomically(vectorsName, WriteVectors);
            FileEntry? hnsw = null;
            if (_hnsw is not null)
            {
                var hnswName = $"hnsw-{gen}.usearch";
                var tmp = Path.Combine(Folder, hnswName + ".tmp");
                _hnsw.Save(tmp);
                FlushFile(tmp);
                File.Move(tmp, Path.Combine(Folder, hnswName), overwrite: true);
                hnsw = Describe(hnswName);
            }
            var manifest = new Manifest(FormatVersion, Info.Model, Info.Version, _dims, _slotOf.Count, _slotCount, gen,
                vectors, hnsw, _options.HnswHalfPrecision, DateTimeOffset.UtcNow, Watermark, Floor);
            BeforeManifestSwap?.Invoke(Folder);
            var manifestTmp = Path.Combine(Folder, ManifestName + ".tmp");
            using (var fs = new FileStream(manifestTmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(fs, manifest, Json);
                fs.Flush(flushToDisk: true);
            }
            File.Move(manifestTmp, Path.Combine(Folder, ManifestName), overwrite: true);
            _generation = gen;
            _dirty = false;
            DeleteOtherGenerations(vectorsName, hnsw?.File);
        }
        finally { _lock.ExitReadLock(); }
    }

    FileEntry WriteAtomically(string name, Action<Stream> write)
    {
        var tmp = Path.Combine(Folder!, name + ".tmp");
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            write(fs);
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, Path.Combine(Folder!, name), overwrite: true);
        return Describe(name);
    }

    FileEntry Describe(string name)
    {
        var path = Path.Combine(Folder!, name);
        using var fs = File.OpenRead(path);
        return new FileEntry(name, fs.Length, Convert.ToHexStringLower(SHA256.HashData(fs)));
    }

    static void FlushFile(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        fs.Flush(flushToDisk: true);
    }

    void DeleteOtherGenerations(string keepVectors, string? keepHnsw)
    {
        foreach (var file in Directory.EnumerateFiles(Folder!))
        {
            var name = Path.GetFileName(file);
            var ours = name.StartsWith("vectors-", StringComparison.Ordinal) || name.StartsWith("hnsw-", StringComparison.Ordinal);
            if (!ours || name == keepVectors || name == keepHnsw) continue;
            try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    void WriteVectors(Stream s)
    {
        using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(_dims);
        w.Write(_slotCount);
        w.Write(_neighNames.Count);
        foreach (var n in _neighNames) w.Write(n);
        w.Flush();
        var n0 = _slotCount;
        s.Write(MemoryMarshal.AsBytes(_ids.AsSpan(0, n0)));
        s.Write(MemoryMarshal.AsBytes(_contribution.AsSpan(0, n0)));
        s.Write(_question.AsSpan(0, n0));
        s.Write(MemoryMarshal.AsBytes(_topic.AsSpan(0, n0)));
        s.Write(_sentiment.AsSpan(0, n0));
        s.Write(_profile.AsSpan(0, n0));
        s.Write(MemoryMarshal.AsBytes(_neighbourhood.AsSpan(0, n0)));
        s.Write(_channel.AsSpan(0, n0));
        s.Write(_source.AsSpan(0, n0));
        s.Write(MemoryMarshal.AsBytes(_dateTicks.AsSpan(0, n0)));
        s.Write(MemoryMarshal.AsBytes(_dateOffset.AsSpan(0, n0)));
        s.Write(MemoryMarshal.AsBytes(_matrix.AsSpan(0, n0 * _dims)));
    }

    void ReadVectors(Stream s)
    {
        using var r = new BinaryReader(s, System.Text.Encoding.UTF8, leaveOpen: true);
        if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException("not a vector file");
        if (r.ReadInt32() != _dims) throw new InvalidDataException("dimension mismatch");
        var n = r.ReadInt32();
        if (n < 0) throw new InvalidDataException("bad slot count");
        var names = r.ReadInt32();
        if (names < 0) throw new InvalidDataException("bad neighbourhood count");
        for (var i = 0; i < names; i++)
        {
            var name = r.ReadString();
            _neighIds[name] = _neighNames.Count;
            _neighNames.Add(name);
        }
        Grow(Math.Max(n, 1024));
        s.ReadExactly(MemoryMarshal.AsBytes(_ids.AsSpan(0, n)));
        s.ReadExactly(MemoryMarshal.AsBytes(_contribution.AsSpan(0, n)));
        s.ReadExactly(_question.AsSpan(0, n));
        s.ReadExactly(MemoryMarshal.AsBytes(_topic.AsSpan(0, n)));
        s.ReadExactly(_sentiment.AsSpan(0, n));
        s.ReadExactly(_profile.AsSpan(0, n));
        s.ReadExactly(MemoryMarshal.AsBytes(_neighbourhood.AsSpan(0, n)));
        s.ReadExactly(_channel.AsSpan(0, n));
        s.ReadExactly(_source.AsSpan(0, n));
        s.ReadExactly(MemoryMarshal.AsBytes(_dateTicks.AsSpan(0, n)));
        s.ReadExactly(MemoryMarshal.AsBytes(_dateOffset.AsSpan(0, n)));
        s.ReadExactly(MemoryMarshal.AsBytes(_matrix.AsSpan(0, n * _dims)));
        if (s.Position != s.Length) throw new InvalidDataException("trailing bytes");
        _slotCount = n;
        for (var slot = 0; slot < n; slot++)
        {
            _keys[slot] = KeyOf(slot);
            if (_ids[slot] >= 0)
            {
                if (!_slotOf.TryAdd(_ids[slot], slot)) throw new InvalidDataException($"passage {_ids[slot]} twice");
            }
            else _free.Push(slot);
        }
    }

    IndexOpenResult Load()
    {
        var manifestPath = Path.Combine(Folder!, ManifestName);
        if (!File.Exists(manifestPath)) return new(IndexOpenStatus.Missing, "no manifest");
        Manifest? m;
        try { m = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath), Json); }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        { return new(IndexOpenStatus.Corrupt, "manifest unreadable: " + e.Message); }
        if (m is null || m.Vectors is null || m.Model is null || m.Version is null) return new(IndexOpenStatus.Corrupt, "manifest incomplete");
        if (m.Format != FormatVersion) return new(IndexOpenStatus.Stale, $"index format {m.Format}, expected {FormatVersion}");
        var found = new IndexInfo(m.Model, m.Version, m.Dimensions);
        if (!found.SameModel(Info)) return new(IndexOpenStatus.Stale, $"index built with {found}, expected {Info}");

        var vectorsPath = Path.Combine(Folder!, Path.GetFileName(m.Vectors.File));
        if (!File.Exists(vectorsPath)) return new(IndexOpenStatus.Corrupt, $"{m.Vectors.File} is missing");
        try
        {
            using var fs = new FileStream(vectorsPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            if (fs.Length != m.Vectors.Bytes) return new(IndexOpenStatus.Corrupt, $"{m.Vectors.File} has {fs.Length} bytes, manifest says {m.Vectors.Bytes}");
            var sha = Convert.ToHexStringLower(SHA256.HashData(fs));
            if (!string.Equals(sha, m.Vectors.Sha256, StringComparison.OrdinalIgnoreCase))
                return new(IndexOpenStatus.Corrupt, $"{m.Vectors.File} fails its checksum");
            fs.Position = 0;
            ReadVectors(fs);
            if (_slotOf.Count != m.Count) return new(IndexOpenStatus.Corrupt, $"{_slotOf.Count} vectors, manifest says {m.Count}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException or ArgumentException or OutOfMemoryException)
        {
            return new(IndexOpenStatus.Corrupt, $"{m.Vectors.File}: {e.Message}");
        }
        _generation = m.Generation;
        _watermark = m.Watermark;
        _floor = m.Floor ?? m.Watermark;

        string? detail = null;
        if (WantsHnsw(_slotOf.Count))
        {
            var loaded = false;
            if (m.Hnsw is not null && m.HnswHalfPrecision == _options.HnswHalfPrecision)
            {
                var path = Path.Combine(Folder!, Path.GetFileName(m.Hnsw.File));
                try
                {
                    if (File.Exists(path) && new FileInfo(path).Length == m.Hnsw.Bytes &&
                        string.Equals(Describe(Path.GetFileName(path)).Sha256, m.Hnsw.Sha256, StringComparison.OrdinalIgnoreCase))
                    {
                        _hnsw = HnswGraph.Load(path, _dims, _options);
                        loaded = _hnsw.Count == _slotOf.Count;
                        if (!loaded) { _hnsw.Dispose(); _hnsw = null; }
                    }
                }
                catch (Exception e) when (e is IOException or Cloud.Unum.USearch.USearchException)
                {
                    _hnsw?.Dispose();
                    _hnsw = null;
                }
            }
            if (!loaded)
            {
                BuildHnsw();
                _dirty = true;
                detail = "HNSW graph missing or damaged: rebuilt from the saved vectors";
            }
        }
        return new(IndexOpenStatus.Ok, detail);
    }

    void Reset()
    {
        _hnsw?.Dispose();
        _hnsw = null;
        _slotOf.Clear();
        _free.Clear();
        _neighNames.Clear();
        _neighIds.Clear();
        _slotCount = 0;
        _watermark = 0;
        _matrix = []; _ids = []; _contribution = []; _question = []; _topic = []; _sentiment = []; _profile = [];
        _neighbourhood = []; _channel = []; _source = []; _dateTicks = []; _dateOffset = []; _keys = [];
        _dirty = true;
    }
}
