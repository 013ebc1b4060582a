using Synthesis.Ingest.Import;

namespace Synthesis.Ingest.Tests;

public class CsvRecordsTests
{
    [Theory]
    [InlineData("a;b;c\n1;2;3\n", ';')]
    [InlineData("a,b,c\n1,2,3\n", ',')]
    [InlineData("a\tb\n1\t2\n", '\t')]
    [InlineData("\"x;y\",b,c\n", ',')]
    public void Sniffs_the_delimiter_from_the_header(string text, char expected) =>
        Assert.Equal(expected, CsvRecords.SniffDelimiter(text));

    [Fact]
    public void Quoted_fields_span_lines_and_keep_doubled_quotes()
    {
        var records = CsvRecords.Read("id;body\r\n1;\"ligne un\r\nligne \"\"deux\"\"\"\r\n2;simple\r\n").ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal("ligne un\r\nligne \"deux\"", records[0].Record!.Fields["body"]);
        Assert.Equal(2, records[1].Record!.Row);
        Assert.Equal(4, records[1].Record!.Line);
    }

    [Fact]
    public void An_unclosed_quote_costs_one_record_not_the_file()
    {
        var records = CsvRecords.Read("id,text\n1,\"pas fermé\n2,deuxième\n3,troisième\n").ToList();
        Assert.NotNull(records[0].Error);
        Assert.Contains("never closes", records[0].Error);
        Assert.Equal(["deuxième", "troisième"], records.Where(r => r.Record is not null).Select(r => r.Record!.Fields["text"]));
    }

    [Fact]
    public void Extra_fields_are_an_error_missing_ones_are_empty()
    {
        var records = CsvRecords.Read("a,b,c\n1,2\n1,2,3,4\n").ToList();
        Assert.Null(records[0].Record!.Fields["c"]);
        Assert.Contains("4 fields but the header has 3", records[1].Error);
    }
}
