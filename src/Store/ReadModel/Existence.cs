using System.Data.Common;

namespace Synthesis.Store;

/// <summary>Whether what a request names is there: a live topic (not retired by a later run), a passage, a contribution.</summary>
public static class Existence
{
    public static bool Topic(DbConnection c, long id) =>
        c.ScalarLong("SELECT EXISTS(SELECT 1 FROM topics WHERE id = @id AND retired = 0)", null, ("@id", id)) == 1;

    public static bool Passage(DbConnection c, long id) =>
        c.ScalarLong("SELECT EXISTS(SELECT 1 FROM passages WHERE id = @id)", null, ("@id", id)) == 1;

    /// <summary>Whether the passage is one of the contribution's (a form names both).</summary>
    public static bool PassageOf(DbConnection c, long passage, long contribution) =>
        c.ScalarLong("SELECT EXISTS(SELECT 1 FROM passages WHERE id = @p AND contribution_id = @c)", null, ("@p", passage), ("@c", contribution)) == 1;

    public static bool Contribution(DbConnection c, long id) =>
        c.ScalarLong("SELECT EXISTS(SELECT 1 FROM contributions WHERE id = @id)", null, ("@id", id)) == 1;
}
