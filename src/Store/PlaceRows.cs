using Dapper;
using System.Data.Common;

namespace Synthesis.Store;

/// <summary>A place as the reference table gives it: a code (postcode, IRIS code, street or name) and the neighbourhood's name.</summary>
public sealed record Place(string Code, string Name, string Kind);

/// <summary>
/// The places table: what a contribution's place as imported (contributions.place) is called by the people who live
/// there (contributions.neighbourhood). Codes match without case.
/// </summary>
public static class PlaceRows
{
    public static readonly string[] Kinds = ["postcode", "iris", "street", "name"];

    /// <summary>The SQL expression of a place's name: the table's, else the value itself.</summary>
    public static string NameOf(string value) => $"coalesce((SELECT name FROM places WHERE code = {value}), {value})";

    /// <summary>Adds or replaces places; with <paramref name="replace"/>, the table holds these places only.</summary>
    public static void Save(DbConnection c, DbTransaction tx, IEnumerable<Place> places, bool replace)
    {
        if (replace) c.Execute("DELETE FROM places", transaction: tx);
        c.Execute("""
            INSERT INTO places(code, name, kind) VALUES (@Code, @Name, @Kind)
            ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind
            """, places, tx);
    }

    /// <summary>Names every contribution's neighbourhood from its place again; returns how many changed.</summary>
    public static int Apply(DbConnection c, DbTransaction tx) =>
        c.Execute($"UPDATE contributions SET neighbourhood = {NameOf("place")} WHERE neighbourhood IS DISTINCT FROM {NameOf("place")}", transaction: tx);

    public static List<Place> All(DbConnection c) =>
        c.Query<Place>("SELECT code AS Code, name AS Name, kind AS Kind FROM places ORDER BY name, code").ToList();

    /// <summary>Places as imported that the table does not name, with their number of contributions (the most first).</summary>
    public static List<(string Place, long Contributions)> Unnamed(DbConnection c) =>
        c.Query<(string, long)>("""
            SELECT place, count(*) AS n FROM contributions
            WHERE place IS NOT NULL AND place <> '' AND NOT EXISTS (SELECT 1 FROM places p WHERE p.code = contributions.place)
            GROUP BY place ORDER BY n DESC, place
            """).ToList();
}
