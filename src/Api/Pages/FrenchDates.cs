using System.Globalization;

namespace Synthesis.Api.Pages;

/// <summary>
/// Dates in the web app's forms are written and read the French way (« 31/01/2022 »), whatever the browser's locale:
/// a native date field shows mm/dd/yyyy to a browser set to English. Links written before keep working (2022-01-31).
/// </summary>
public static class FrenchDates
{
    static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    static readonly string[] Formats = ["dd/MM/yyyy", "d/M/yyyy", "dd/MM/yy", "yyyy-MM-dd"];

    /// <summary>The placeholder and the pattern a field shows and checks.</summary>
    public const string Placeholder = "jj/mm/aaaa", Pattern = @"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}";

    /// <summary>A date as the field shows it.</summary>
    public static string Format(DateTimeOffset? date) => date?.ToString("dd/MM/yyyy", French) ?? "";

    /// <summary>
    /// The date a field holds (midnight UTC), null when empty; false with a French message naming the field when it
    /// is not a date.
    /// </summary>
    public static bool TryParse(string? text, string field, out DateTimeOffset? date, out string? error)
    {
        date = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (DateTime.TryParseExact(text.Trim(), Formats, French, DateTimeStyles.None, out var d))
        {
            date = new DateTimeOffset(d.Date, TimeSpan.Zero);
            return true;
        }
        error = $"La date « {text.Trim()} » du champ « {field} » n'est pas valide : écrivez-la jj/mm/aaaa, par exemple 31/01/2022.";
        return false;
    }
}
