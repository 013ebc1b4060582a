using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;
using Synthesis.Api.Apis;
using Synthesis.Ingest.Search;

namespace Synthesis.Api.Pages;

public sealed class RechercheModel(SearchService search, SynthesisStore store) : PageModel
{
    [FromQuery] public string? Q { get; set; }
    [FromQuery] public string Mode { get; set; } = "hybrid";
    [FromQuery] public string? Question { get; set; }
    [FromQuery] public string? Sentiment { get; set; }
    [FromQuery] public string? Profile { get; set; }
    [FromQuery] public string? Channel { get; set; }
    [FromQuery] public string? Source { get; set; }
    [FromQuery] public string? Neighbourhood { get; set; }
    [FromQuery] public string? Topic { get; set; }
    /// <summary>The dates as typed (jj/mm/aaaa); <see cref="From"/> and <see cref="To"/> once read.</summary>
    [FromQuery(Name = "from")] public string? FromText { get; set; }
    [FromQuery(Name = "to")] public string? ToText { get; set; }
    public DateTimeOffset? From { get; private set; }
    public DateTimeOffset? To { get; private set; }
    [FromQuery] public long? Like { get; set; }
    /// <summary>The passage « passages semblables » compares with.</summary>
    public PassageView? LikeSource { get; private set; }
    public IReadOnlyList<SearchResult>? Results { get; private set; }
    public IReadOnlyList<QueryCorrection> Corrections { get; private set; } = [];
    /// <summary>The index is being rebuilt with a new embedding model: keyword (BM25) results only meanwhile.</summary>
    public bool Reindexing { get; private set; }
    public string? Error { get; private set; }
    /// <summary>Every neighbourhood with its number of contributions, the most frequent first.</summary>
    public List<(string Value, long Count)> Neighbourhoods { get; } = [];
    /// <summary>Contributions per channel and per profile (a value with none is listed with 0, which says why a filter finds nothing).</summary>
    public Dictionary<string, long> Channels { get; private set; } = [];
    public Dictionary<string, long> Profiles { get; private set; } = [];
    public List<(long Id, string Label)> Topics { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        using (var c = store.Connect())
        {
            Neighbourhoods.AddRange(ContributionRows.Neighbourhoods(c));
            Channels = ContributionRows.CountsBy(c, "channel");
            Profiles = ContributionRows.CountsBy(c, "profile");
            Topics.AddRange(TopicQueries.Themes(c));
        }
        if (Like is { } like)
        {
            using (var c = store.Connect())
                LikeSource = ContributionQueries.Passages(c, "p.id = $id", ("$id", like)).FirstOrDefault();
            if (LikeSource is null)
            {
                Error = "Ce passage n'existe pas (ou plus) : cherchez par des mots, puis choisissez « passages semblables » sur un résultat.";
                return;
            }
            Results = (await search.Search.MoreLikeThisAsync(like, 20, ct)).Select(SearchApi.ToResult).ToList();
            return;
        }
        if (!FrenchDates.TryParse(FromText, "Du", out var from, out var fromError) || !FrenchDates.TryParse(ToText, "au", out var to, out fromError))
        {
            Error = fromError;
            return;
        }
        (From, To) = (from, to);
        if (string.IsNullOrWhiteSpace(Q)) return;
        var query = new SearchQuery(Q, Mode, 20, Empty(Question), Empty(Topic), Empty(Sentiment), Empty(Profile), Empty(Neighbourhood), Empty(Channel), Empty(Source), From, To);
        if (!SearchModes.TryParse(Mode, out var mode) || !SearchApi.TryFilter(query, out var filter, out _))
        {
            Error = "Un des filtres n'est pas valide : choisissez une valeur dans la liste.";
            return;
        }
        var answer = await search.Search.AnswerAsync(Q, 20, filter, mode, ct);
        Results = answer.Results.Select(SearchApi.ToResult).ToList();
        Corrections = SearchApi.Corrections(answer);
        Reindexing = answer.LexicalOnly;
    }

    static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    /// <summary>Why a search found nothing, as far as the filters tell: a channel, profile or neighbourhood no contribution has.</summary>
    public IEnumerable<string> EmptyReasons()
    {
        if (Empty(Channel) is { } ch && Channels.GetValueOrDefault(ch) == 0)
            yield return $"Aucune contribution n'est arrivée par le canal « {Reports.FrenchLabels.Channel(ch)} » : ce filtre ne peut rien trouver.";
        if (Empty(Profile) is { } p && Profiles.GetValueOrDefault(p) == 0)
            yield return $"Aucune contribution n'a le profil « {Reports.FrenchLabels.Profile(p)} » : ce filtre ne peut rien trouver.";
        if (Empty(Neighbourhood) is { } n && !Neighbourhoods.Any(x => string.Equals(x.Value, n, StringComparison.OrdinalIgnoreCase)))
            yield return $"Aucune contribution ne vient du quartier « {n} » : choisissez un quartier dans la liste.";
    }

    /// <summary>The text cut into plain and highlighted pieces; Razor encodes each piece, so no markup gets through.</summary>
    public static IEnumerable<(string Text, bool Marked)> Segments(string text, IReadOnlyList<Highlight> highlights)
    {
        var at = 0;
        foreach (var h in highlights.Where(h => h.Start >= 0 && h.Start + h.Length <= text.Length).OrderBy(h => h.Start))
        {
            if (h.Start < at) continue;
            if (h.Start > at) yield return (text[at..h.Start], false);
            yield return (text.Substring(h.Start, h.Length), true);
            at = h.Start + h.Length;
        }
        if (at < text.Length) yield return (text[at..], false);
    }
}
