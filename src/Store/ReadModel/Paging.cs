namespace Synthesis.Store;

/// <summary>One page of a longer list. Pages count from 1.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    /// <summary>The page and size in range, and the offset of the page's first row (a long: page 999,999,999 is past the end, not page 1).</summary>
    public static (int Page, int Size, long Offset) Normalise(int? page, int? size)
    {
        var p = Math.Max(1, page ?? 1);
        var s = Math.Clamp(size ?? DefaultSize, 1, MaxSize);
        return (p, s, (p - 1L) * s);
    }

    /// <summary>What is wrong with a requested page and size (null when both are usable), naming the parameter.</summary>
    public static (string Field, string Problem)? Check(int? page, int? size) =>
        page is < 1 ? ("page", $"'page' counts from 1, not {page}.")
        : size is < 1 or > MaxSize ? ("page_size", $"'page_size' is between 1 and {MaxSize}, not {size}.")
        : null;
}
