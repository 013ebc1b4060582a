using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Reports;

namespace Synthesis.Api.Pages;

/// <summary>
/// Themes crossed with a contribution field (neighbourhood, profile, channel): contributions per cell, drawn as a
/// server-rendered SVG heatmap with the same figures in a table. Cells under the small-cell threshold
/// (<c>Synthesis:SmallCell</c>) show « &lt; N »: a count of two or three contributions from one street can point at people.
/// </summary>
public sealed class CroisementsModel(SynthesisStore store, Ingest.SynthesisOptions settings) : PageModel
{
    [FromQuery(Name = "par")] public string By { get; set; } = "quartier";
    public int Threshold => settings.SmallCell;
    public IReadOnlyList<(long Id, string Label)> Themes { get; private set; } = [];
    public IReadOnlyList<string> Values { get; private set; } = [];
    public Dictionary<(long Theme, string Value), long> Counts { get; private set; } = [];
    /// <summary>The largest named cell: the shades compare the values shown, not the column gathering all the others.</summary>
    /// <summary>Contributions that do not say the crossed field (no neighbourhood, no date): not on the picture.</summary>
    public long LeftOut { get; private set; }

    public long Max { get; private set; } = 1;

    public static readonly (string Key, string Field, string Label)[] Dimensions =
        [("quartier", "neighbourhood", "quartier"), ("profil", "profile", "profil"), ("canal", "channel", "canal"), ("mois", "month", "mois")];

    public string Field => Dimensions.First(d => d.Key == By).Field;
    public string Label => Dimensions.First(d => d.Key == By).Label;

    public IActionResult OnGet()
    {
        if (!Dimensions.Any(d => d.Key == By)) return RedirectToPage(new { par = "quartier" });
        using var c = store.Connect();
        (Themes, var values, Counts) = TopicQueries.Crossing(c, Field);
        // a value none of whose contributions has a passage in a theme (recordings waiting for their transcription, a
        // month of them) would be a column of zeros: it is named under the picture instead
        (Values, Empty) = Columns(values, Themes.Select(t => t.Id).ToList(), Counts);
        LeftOut = TopicQueries.Unstated(c, Field);
        Max = Math.Max(1, Counts.Where(x => x.Key.Value.Length > 0).Select(x => x.Value).DefaultIfEmpty(1).Max());
        return Page();
    }

    /// <summary>The values shown as columns (some theme holds a contribution of them) and the others, in their order.</summary>
    public static (IReadOnlyList<string> Shown, IReadOnlyList<string> Empty) Columns(IReadOnlyList<string> values, IReadOnlyList<long> themes,
        IReadOnlyDictionary<(long Theme, string Value), long> counts)
    {
        var shown = values.Where(v => themes.Any(t => counts.GetValueOrDefault((t, v)) > 0)).ToList();
        return (shown, values.Except(shown).ToList());
    }

    /// <summary>The values of the field no theme holds a contribution of (left out of the picture, named below it).</summary>
    public IReadOnlyList<string> Empty { get; private set; } = [];

    public long Count(long theme, string value) => Counts.GetValueOrDefault((theme, value));

    /// <summary>What a cell says: the count, « &lt; N » under the threshold (zero stays zero: it points at nobody).</summary>
    public string Shown(long count) => count > 0 && count < Threshold ? $"< {Threshold}" : count.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));

    public string ValueLabel(string value) => value.Length == 0 ? (By == "quartier" ? "autres quartiers" : "autres") : Field switch
    {
        "profile" => FrenchLabels.Profile(value),
        "channel" => FrenchLabels.Channel(value),
        // « mars 2022 »
        "month" when DateTime.TryParseExact(value, "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var month)
            => month.ToString("MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")),
        _ => value,
    };
}
