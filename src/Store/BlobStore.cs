using System.Security.Cryptography;

namespace Synthesis.Store;

/// <summary>
/// Original files, kept by the SHA-256 of their bytes under <c>originals/ab/abcdef…</c>. A file is written once
/// (to a temporary name, then moved into place) and never altered or deleted by processing; files are read-only.
/// </summary>
public sealed class BlobStore(string root)
{
    public string Root { get; } = root;

    public string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
            throw new ArgumentException($"'{sha256}' is not a SHA-256 hex digest", nameof(sha256));
        return System.IO.Path.Combine(Root, sha256[..2], sha256);
    }

    public bool Contains(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>Copies a file into the store (if it is not there yet) and returns its digest and size.</summary>
    public (string Sha256, long Size) Put(string sourcePath)
    {
        using var input = File.OpenRead(sourcePath);
        return Put(input);
    }

    public (string Sha256, long Size) Put(Stream input)
    {
        Directory.CreateDirectory(Root);
        var temp = System.IO.Path.Combine(Root, $".incoming-{Guid.NewGuid():N}");
        try
        {
            string sha;
            long size;
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                int read;
                size = 0;
                while ((read = input.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    output.Write(buffer, 0, read);
                    size += read;
                }
                output.Flush(flushToDisk: true);
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            var target = PathOf(sha);
            if (File.Exists(target)) return (sha, size);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Move(temp, target);
            File.SetAttributes(target, FileAttributes.ReadOnly);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            return (sha, size);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public Stream Open(string sha256) => File.OpenRead(PathOf(sha256));

    /// <summary>
    /// The file of <paramref name="sha256"/>, checked to hold those bytes: on several machines the originals are in a
    /// shared folder, which may be missing a file (not copied yet, not mounted) or hold a damaged one.
    /// </summary>
    /// <exception cref="FileNotFoundException">The folder does not have the file.</exception>
    /// <exception cref="InvalidDataException">The file's bytes are not those that were imported.</exception>
    public string VerifiedPath(string sha256)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
            throw new FileNotFoundException($"the original file {sha256} is not in {Root}: with workers on several machines, Synthesis:Originals must be a folder each of them reaches", path);
        if (Sha256Of(path) != sha256)
            throw new InvalidDataException($"the original file {path} does not hold the bytes imported (SHA-256 differs): copy it again from the machine that imported it");
        return path;
    }

    public static string Sha256Of(string path)
    {
        using var input = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }
}
