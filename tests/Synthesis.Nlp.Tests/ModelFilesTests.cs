using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Synthesis.Nlp.Tests;

/// <summary>Nlp reads model files through <see cref="ModelFiles"/> alone and writes none (issue #15).</summary>
public sealed class ModelFilesTests
{
    static string Temp() => Directory.CreateTempSubdirectory("synthesis-modelfiles-").FullName;

    [Fact]
    public void Plain_gzip_and_name_gz_files_read_the_same_and_a_missing_one_says_what_to_do()
    {
        var dir = Temp();
        File.WriteAllText(Path.Combine(dir, "plain.txt"), "bonjour\nsalut\n");
        using (var f = File.Create(Path.Combine(dir, "packed.txt")))
        using (var gz = new GZipStream(f, CompressionLevel.Fastest))
            gz.Write(Encoding.UTF8.GetBytes("bonjour\nsalut\n"));
        File.Copy(Path.Combine(dir, "packed.txt"), Path.Combine(dir, "only.txt.gz"));

        Assert.Equal(["bonjour", "salut"], ModelFiles.ReadLines(Path.Combine(dir, "plain.txt")));
        Assert.Equal(["bonjour", "salut"], ModelFiles.ReadLines(Path.Combine(dir, "packed.txt")));
        Assert.Equal("bonjour\nsalut\n", ModelFiles.ReadAllText(Path.Combine(dir, "only.txt")));
        Assert.True(ModelFiles.Exists(Path.Combine(dir, "only.txt")));

        var e = Assert.Throws<FileNotFoundException>(() => ModelFiles.Open(Path.Combine(dir, "absent.txt"), "rebuild it with X"));
        Assert.Contains("absent.txt", e.Message);
        Assert.Contains("rebuild it with X", e.Message);
    }

    static readonly Regex Writes = new(@"File\.(Create|Write\w*|AppendAll\w*|Move|Delete|Copy|OpenWrite)\(|Directory\.(CreateDirectory|Delete|Move)\(|new FileStream\(", RegexOptions.Compiled);
    static readonly Regex Reads = new(@"File\.(OpenRead|ReadAll\w*|ReadLines|Open)\(|new StreamReader\(\s*(path|file|\w*Path)\b", RegexOptions.Compiled);

    [Fact]
    public void Nlp_writes_no_file_and_reads_model_files_through_one_loader()
    {
        var src = Path.Combine(Sentiment.SentimentFixture.RepoRoot, "src", "Nlp");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (Writes.IsMatch(lines[i])) offenders.Add($"{Path.GetRelativePath(src, file)}:{i + 1}: writes: {lines[i].Trim()}");
                if (Reads.IsMatch(lines[i]) && Path.GetFileName(file) != "ModelFiles.cs") offenders.Add($"{Path.GetRelativePath(src, file)}:{i + 1}: reads: {lines[i].Trim()}");
            }
        }
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
        // the check finds what it looks for
        Assert.Matches(Writes, "using var f = File.Create(path);");
        Assert.Matches(Reads, "var text = File.ReadAllText(path);");
    }
}
