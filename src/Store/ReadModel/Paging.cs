namespace Synthesis.Store;

/// <summary>One page of a longer list. Pages count from 1.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public static (int Page, int Size, int Offset) Normalise(int? page, int? size)
    {
        var p = Math.Max(1, page ?? 1);
        var s = Math.Clamp(size ?? DefaultSize, 1, MaxSize);
        return (p, s, (p - 1) * s);
    }
}
