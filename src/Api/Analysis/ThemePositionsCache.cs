using Microsoft.Data.Sqlite;

namespace Synthesis.Api.Analysis;

/// <summary>
/// The themes' places on the map of meanings (<see cref="TopicQueries.ThemePositions"/>, which reads up to 300
/// passage vectors a theme: 0.4 s on 100,000 passages), kept until the topics change (<see cref="TopicQueries.Version"/>).
/// </summary>
public sealed class ThemePositionsCache
{
    readonly Lock _gate = new();
    (string Version, Dictionary<long, (double X, double Y)> Positions)? _kept;

    public Dictionary<long, (double X, double Y)> Get(SqliteConnection c)
    {
        var version = TopicQueries.Version(c);
        lock (_gate)
            if (_kept is { } kept && kept.Version == version) return kept.Positions;
        var positions = TopicQueries.ThemePositions(c);
        lock (_gate) _kept = (version, positions);
        return positions;
    }
}
