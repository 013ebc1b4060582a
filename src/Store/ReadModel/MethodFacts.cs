using System.Data.Common;

namespace Synthesis.Store;

/// <summary>
/// The figures a report's method section states: what came in as what (text, recordings, photos), where the passages'
/// words come from, and how many reviewers' decisions the analysis honours.
/// </summary>
/// <param name="Media">Contributions by medium (<c>text</c>, <c>audio</c>, <c>video</c>, <c>image</c>).</param>
/// <param name="Sources">Passages by where their words come from (<c>text</c>, <c>transcript</c>, <c>ocr</c>).</param>
/// <param name="Decisions">Reviewers' decisions in force (not undone): renames, merges, splits, moves, corrections.</param>
/// <param name="Unassigned">Analysed passages no theme holds (too far from every theme).</param>
public sealed record MethodFacts(IReadOnlyDictionary<string, long> Media, IReadOnlyDictionary<string, long> Sources, long Decisions, long Unassigned)
{
    public static MethodFacts Read(DbConnection c) => new(
        Dapper.SqlMapper.Query<(string Media, long Count)>(c, "SELECT media, count(*) FROM contributions GROUP BY 1").ToDictionary(r => r.Media, r => r.Count),
        Dapper.SqlMapper.Query<(string Source, long Count)>(c, "SELECT source, count(*) FROM reviewed_passages GROUP BY 1").ToDictionary(r => r.Source, r => r.Count),
        c.ScalarLong("SELECT count(*) FROM review_decisions WHERE undone = 0"),
        c.ScalarLong("SELECT count(*) FROM reviewed_passages WHERE analysed AND (outlier = 1 OR topic_id IS NULL)"));
}
