using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Synthesis.Ingest;
using Synthesis.Ingest.Store;

namespace Synthesis.Api;

/// <summary>Where the data folder stands: a JSON endpoint and a French status page.</summary>
public static class StatusApi
{
    static readonly System.Globalization.CultureInfo French = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/status", GetStatus);
        app.MapGet("/", StatusPage);
    }

    static Ok<StoreSummary> GetStatus(SynthesisStore store)
    {
        using var connection = store.Connect();
        return TypedResults.Ok(StoreSummary.Read(connection));
    }

    static ContentHttpResult StatusPage(SynthesisStore store)
    {
        using var connection = store.Connect();
        var s = StoreSummary.Read(connection);
        var parked = string.Concat(s.Parked.Select(p =>
            $"<li><strong>{WebUtility.HtmlEncode(p.Stage)}</strong> ({p.Count}) : {WebUtility.HtmlEncode(p.Reason)}</li>"));
        var html = string.Create(French, $"""
            <!doctype html>
            <html lang="fr"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
            <title>Synthesis : état de l'analyse</title>
            <style>body{"{"}font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;line-height:1.5{"}"}
            td{"{"}padding:.2rem 1rem{"}"}</style></head>
            <body><h1>Synthesis</h1>
            <p>Analyse des contributions citoyennes.</p>
            <table>
            <tr><td>Contributions</td><td>{s.Contributions:N0}</td></tr>
            <tr><td>Passages</td><td>{s.Passages:N0}</td></tr>
            <tr><td>Tâches en attente</td><td>{s.Jobs.Pending:N0}</td></tr>
            <tr><td>Tâches en cours</td><td>{s.Jobs.Running:N0}</td></tr>
            <tr><td>Tâches terminées</td><td>{s.Jobs.Done:N0}</td></tr>
            <tr><td>Tâches en échec (nouvel essai prévu)</td><td>{s.Jobs.Failed:N0}</td></tr>
            <tr><td>Tâches suspendues</td><td>{s.Jobs.Parked:N0}</td></tr>
            </table>
            {(parked.Length > 0 ? $"<h2>Tâches suspendues</h2><ul>{parked}</ul>" : "")}
            </body></html>
            """);
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }
}
