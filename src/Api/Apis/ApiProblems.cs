using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Synthesis.Api.Apis;

/// <summary>The API's errors, as RFC 9457 problem details that say what was wrong and what to do.</summary>
static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what, long id) =>
        TypedResults.Problem($"There is no {what} {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult BadRequest(string detail, string? field = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    public static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");

    public static ProblemHttpResult Unsupported(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");

    public static bool TryParseOne<T>(string? text, string field, out T? value, out ProblemHttpResult? problem) where T : struct, Enum
    {
        value = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (DomainNames.TryParse<T>(text, out var v))
        {
            value = v;
            return true;
        }
        problem = BadRequest($"'{text}' is not a valid {field}: use one of {string.Join(", ", DomainNames.All<T>())}.", field);
        return false;
    }

    /// <summary>Parses a comma-separated list of enum values; a wrong value names the field and the allowed values.</summary>
    public static bool TryParseList<T>(string? csv, string field, out List<T>? values, out ProblemHttpResult? problem) where T : struct, Enum
    {
        values = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(csv)) return true;
        values = [];
        foreach (var part in csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParseOne<T>(part, field, out var v, out problem)) return false;
            values.Add(v!.Value);
        }
        return true;
    }

    public static bool TryParseIds(string? csv, string field, out List<long>? ids, out ProblemHttpResult? problem)
    {
        ids = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(csv)) return true;
        ids = [];
        foreach (var part in csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, out var id))
            {
                problem = BadRequest($"'{part}' is not an ID in {field}: give numbers separated by commas.", field);
                return false;
            }
            ids.Add(id);
        }
        return true;
    }

    /// <summary>
    /// The framework's binding failure (<c>Failed to bind parameter "Nullable&lt;int&gt; PageSize" from "abc".</c>) said as
    /// the caller wrote it: the query parameter's name ('page_size'), the value and what it should be.
    /// </summary>
    public static string Unreadable(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, "parameter \"(?:Nullable<(?<type>[^>]+)>|(?<type>\\S+)) (?<name>[^\"]+)\" from \"(?<value>[^\"]*)\"");
        if (!m.Success) return message;
        var name = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(m.Groups["name"].Value);
        var expected = m.Groups["type"].Value switch
        {
            "int" or "long" or "Int32" or "Int64" => "a whole number" + (m.Groups["type"].Value is "int" or "Int32" ? " (at most 2,147,483,647)" : ""),
            "bool" or "Boolean" => "true or false",
            "DateTimeOffset" or "DateTime" or "DateOnly" => "a date, such as 2022-03-01 or 2022-03-01T10:00:00+01:00",
            "double" or "float" or "Double" or "Single" => "a number",
            var other => $"a {other}",
        };
        return $"'{name}' cannot be '{m.Groups["value"].Value}': give {expected}.";
    }
}
