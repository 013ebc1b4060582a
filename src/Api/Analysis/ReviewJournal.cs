using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using System.Data.Common;
using Synthesis.Api.Reports;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api.Analysis;

/// <summary>A piece of a journal line: text, or a link to the theme or passage it names.</summary>
public sealed record JournalPart(string Text, string? Href = null);

/// <summary>A review decision as people read it, in French: what was done, and the state before and after, with names.</summary>
public sealed record JournalLine(ReviewEntry Entry, string Action, IReadOnlyList<JournalPart> What, IReadOnlyList<JournalPart> Before, IReadOnlyList<JournalPart> After);

/// <summary>Turns the audit log's JSON (English keys, IDs) into French sentences with theme names and links.</summary>
public static class ReviewJournal
{
    /// <summary>The actions a reviewer can filter on, with their French names.</summary>
    public static readonly IReadOnlyList<(string Action, string French)> Actions =
    [
        ("rename", "renommage"), ("merge", "fusion"), ("split", "scission"), ("move", "déplacement"), ("outlier", "hors thème"),
        ("set_question", "question corrigée"), ("set_sentiment", "ton corrigé"), ("accept", "validation"),
        ("edit_text", "transcription corrigée"), ("publishable", "publication"), ("undo", "annulation"),
    ];

    public static string French(string action) => Actions.FirstOrDefault(a => a.Action == action).French ?? action;

    public static List<JournalLine> Describe(DbConnection c, IReadOnlyList<ReviewEntry> entries)
    {
        var topics = TopicQueries.Labels(c);
        var passages = entries.Select(e => JsonNode.Parse(e.After)?["passage"]).OfType<JsonNode>().Select(p => (long)p).Distinct().ToList();
        var contributionOf = passages.Count == 0 ? []
            : PassageRows.ContributionOf(c, passages);

        JournalPart Topic(long? id, string? label = null, bool mark = true)
        {
            if (id is not long t) return new JournalPart(label is null ? "—" : $"« {label} »");
            var known = topics.TryGetValue(t, out var found);
            var name = $"« {label ?? (known ? found.Label : $"thème {t}")} »";
            return known && found.Live ? new JournalPart(name, $"/themes/{t}") : new JournalPart(mark ? name + " (n'existe plus)" : name);
        }
        JournalPart Passage(long id) =>
            new($"P{id}", contributionOf.TryGetValue(id, out var co) ? $"/contributions/{co}#p{id}" : null);
        static JournalPart Text(string text) => new(text);
        static string Short(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..79] + "…";

        var lines = new List<JournalLine>();
        foreach (var e in entries)
        {
            var after = JsonNode.Parse(e.After)!;
            var before = JsonNode.Parse(e.Before) ?? new JsonObject();
            long? Id(JsonNode node, string key) => node[key] is JsonValue v && v.TryGetValue<long>(out var x) ? x : null;
            List<JournalPart> what, was, now;
            switch (e.Action)
            {
                case "rename":
                    what = [Text("a renommé "), Topic(Id(after, "topic"), (string?)before["label"], mark: false), Text($" en « {(string?)after["label"]} »")];
                    was = [Text($"« {(string?)before["label"]} »")];
                    now = [Topic(Id(after, "topic"), (string?)after["label"])];
                    break;
                case "merge":
                    what = [Text("a fusionné "), Topic(Id(after, "from"), (string?)before["label"], mark: false), Text(" dans "), Topic(Id(after, "into"), mark: false)];
                    was = [Topic(Id(after, "from"), (string?)before["label"]), Text(PassagesOf(before["size"]))];
                    now = [Text("dans "), Topic(Id(after, "into"))];
                    break;
                case "split":
                {
                    var parts = (int?)after["parts"] ?? 0;
                    what = [Text("a scindé "), Topic(Id(after, "topic"), (string?)before["label"], mark: false), Text($" en {parts}")];
                    was = [Topic(Id(after, "topic"), (string?)before["label"]), Text(PassagesOf(before["size"]))];
                    now = [];
                    if (e.Effect is not null && JsonNode.Parse(e.Effect)?["parts"] is JsonObject made)
                        foreach (var (part, ids) in made)
                        {
                            if (now.Count > 0) now.Add(Text(", "));
                            now.Add(Topic(long.Parse(part, CultureInfo.InvariantCulture)));
                            now.Add(Text(Passages(ids?.AsArray().Count)));
                        }
                    else now.Add(Text(e.Undone ? "jamais appliquée" : "en attente de la prochaine analyse"));
                    break;
                }
                case "move":
                {
                    var passage = Id(after, "passage") ?? 0;
                    what = [Text("a déplacé le passage "), Passage(passage), Text(" vers "), Topic(Id(after, "topic"), mark: false)];
                    was = [Id(before, "topic") is long t ? Topic(t) : Text("sans thème")];
                    now = [Topic(Id(after, "topic"))];
                    break;
                }
                case "outlier":
                {
                    var passage = Id(after, "passage") ?? 0;
                    what = [Text("a mis le passage "), Passage(passage), Text(" hors thème")];
                    was = [Id(before, "topic") is long t ? Topic(t) : Text("sans thème")];
                    now = [Text("hors thème")];
                    break;
                }
                case "set_question":
                    what = [Text("a corrigé la question du passage "), Passage(Id(after, "passage") ?? 0)];
                    was = [Text(before["question"] is { } q ? FrenchLabels.QuestionShort((string)q!) : "—")];
                    now = [Text(FrenchLabels.QuestionShort((string?)after["question"] ?? ""))];
                    break;
                case "set_sentiment":
                    what = [Text("a corrigé le ton du passage "), Passage(Id(after, "passage") ?? 0)];
                    was = [Text(before["sentiment"] is { } s ? FrenchLabels.Sentiment((string)s!) : "—")];
                    now = [Text(FrenchLabels.Sentiment((string?)after["sentiment"] ?? ""))];
                    break;
                case "accept":
                {
                    var accepted = (bool?)after["accepted"] ?? true;
                    what = [Text(accepted ? "a validé " : "a retiré la validation de "), Topic(Id(after, "topic"), mark: false)];
                    was = [Text((bool?)before["accepted"] == true ? "validé" : "non validé")];
                    now = [Text(accepted ? "validé" : "non validé")];
                    break;
                }
                case "edit_text":
                    what = [Text("a corrigé le texte du passage "), Passage(Id(after, "passage") ?? 0)];
                    was = [Text(before["override"] is { } o ? $"« {Short((string?)o)} »" : "le texte de la machine")];
                    now = [Text($"« {Short((string?)after["text"])} »")];
                    break;
                case "publishable":
                {
                    var publishable = (bool?)after["publishable"] ?? false;
                    var contribution = Id(after, "contribution") ?? 0;
                    what = [Text(publishable ? "a rendu publiable la contribution " : "a retiré de la publication la contribution "),
                        new JournalPart($"C{contribution}", $"/contributions/{contribution}")];
                    was = [Text((bool?)before["publishable"] == true ? "publiable" : "non publiable")];
                    now = [Text(publishable ? "publiable" : "non publiable")];
                    break;
                }
                case "undo":
                {
                    var decision = Id(after, "decision") ?? 0;
                    var action = (string?)before["action"] ?? ""; // ReviewLog.Undo writes the undone action there
                    what = [Text($"a annulé la décision n° {decision} ({French(action)})")];
                    was = [Text("en vigueur")];
                    now = [Text("annulée")];
                    break;
                }
                default:
                    what = [Text(e.Action)];
                    was = [Text(e.Before)];
                    now = [Text(e.After)];
                    break;
            }
            lines.Add(new JournalLine(e, French(e.Action), what, was, now));
        }
        return lines;
    }

    static string PassagesOf(JsonNode? size) => size is JsonValue v && v.TryGetValue<long>(out var n) ? Passages(n) : "";

    static string Passages(long? n) => n switch { null => "", 0 => " (aucun passage)", 1 => " (1 passage)", _ => $" ({n.Value.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"))} passages)" };
}
