using System.Data.Common;
namespace Synthesis.Store;

/// <summary>Why some jobs wait: a stage, the message staff should read, and how many jobs share it.</summary>
public sealed record ParkedReason(string Stage, string Reason, long Count);

/// <summary>What a data folder holds and how far the pipeline has got; cheap enough for every page view.</summary>
public sealed record StoreSummary(long Contributions, long Passages, JobCounts Jobs, IReadOnlyList<ParkedReason> Parked)
{
    public static StoreSummary Read(DbConnection connection)
    {
        var parked = Dapper.SqlMapper.Query<(string Stage, string Reason, long Count)>(connection, """
            SELECT stage, coalesce(last_error, ''), count(*) FROM jobs WHERE state = 'parked' GROUP BY stage, last_error ORDER BY count(*) DESC LIMIT 20
            """).Select(r => new ParkedReason(r.Stage, r.Reason, r.Count)).ToList();
        return new StoreSummary(
            ContributionRows.Count(connection),
            PassageRows.Count(connection),
            JobQueue.Counts(connection),
            parked);
    }
}
