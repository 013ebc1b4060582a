using Synthesis.Ingest.Models;

namespace Synthesis.Ingest.Tests;

/// <summary>The training corpus is read with the importer's CSV reader: quoted multi-line fields, and errors that name the file and line.</summary>
public sealed class TrainingCorpusTests
{
    [Fact]
    public void A_column_is_read_in_order_with_quoted_commas_and_line_breaks()
    {
        var path = TestData.WriteFile("corpus.csv", "id,proposition\n1,\"Il faut des bancs, et de l'ombre\"\n2,\n3,\"Un jardin\npartagé\"\n");
        Assert.Equal(["Il faut des bancs, et de l'ombre", "Un jardin\npartagé"], TrainingCorpus.ReadCsvColumn(path, "proposition").ToList());
    }

    [Fact]
    public void A_missing_column_or_a_broken_record_names_the_file()
    {
        var path = TestData.WriteFile("corpus.csv", "id,texte\n1,bonjour\n");
        Assert.Contains("no column proposition", Assert.Throws<InvalidDataException>(() => TrainingCorpus.ReadCsvColumn(path, "proposition").ToList()).Message);
        var broken = TestData.WriteFile("broken.csv", "id,proposition\n1,\"jamais fermé\n");
        var e = Assert.Throws<InvalidDataException>(() => TrainingCorpus.ReadCsvColumn(broken, "proposition").ToList());
        Assert.Contains(broken, e.Message);
        Assert.Contains("line 2", e.Message);
    }
}
