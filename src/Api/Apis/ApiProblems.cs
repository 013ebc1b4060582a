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
}
