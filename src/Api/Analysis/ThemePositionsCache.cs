using System.Data.Common;

namespace Synthesis.Api.Analysis;

/// <summary>
/// The themes' places on the map of meanings (<see cref="TopicQueries.ThemePositions"/>, which reads up to 300
/// passage vectors a theme: 0.4 s on 100,000 passages), kept until the topics change (<see cref="TopicQueries.Version"/>).
/// </summary>
public sealed class ThemePositionsCache
{
    readonly KeptUntilChanged<Dictionary<long, (double X, double Y)>> _positions = new();

    public Dictionary<long, (double X, double Y)> Get(DbConnection c) =>
        _positions.Get(TopicQueries.Version(c), () => TopicQueries.ThemePositions(c));
}
