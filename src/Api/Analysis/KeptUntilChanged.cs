namespace Synthesis.Api.Analysis;

/// <summary>
/// A value computed from the store and kept while the version it was computed at (a cheap read that changes when its
/// inputs do) stays the same; the next reading after a change computes it again.
/// </summary>
public sealed class KeptUntilChanged<T> where T : class
{
    readonly Lock _gate = new();
    (string Version, T Value)? _kept;

    public T Get(string version, Func<T> compute)
    {
        lock (_gate)
            if (_kept is { } kept && kept.Version == version) return kept.Value;
        var value = compute();
        lock (_gate) _kept = (version, value);
        return value;
    }
}
