using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;
using Synthesis.Api.Apis;
using Synthesis.Ingest.Search;
using Synthesis.Api.Reports;

namespace Synthesis.Api.Pages;

public sealed class RechercheModel(SearchService search, SynthesisStore store, Ingest.SynthesisOptions settings) : PageModel
{
    /// <summary>Results per page, and how many of the best results can be paged through, sorted by date or exported.</summary>
    public const int PageSize = 20, Browsable = 200;

    /// <summary>relevance (the default), recent (newest first) or oldest, among the <see cref="Browsable"/> best.</summary>
    [FromQuery(Name = "tri")] public string Sort { get; set; } = "pertinence";
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    /// <summary>How many passages contain the query's words within the filters (null for a search by meaning alone).</summary>
    public int? Total { get; private set; }

    /// <summary>How many distinct words of the query the word search looks for (0: only words as common as « je », « les »).</summary>
    public int Words { get; private set; } = 1;

    /// <summary>The query holds only words too common for the word search: it counts no passage by its words.</summary>
    public bool CommonWordsOnly => Words == 0;

    /// <summary>The query as typed has several words (« ces mots », not « ce mot »).</summary>
    bool SeveralTyped => (Q ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length > 1;
    /// <summary>How many results the search returned before paging (at most <see cref="Browsable"/>).</summary>
    public int Found { get; private set; }
    public int PageCount => Math.Max(1, (Found + PageSize - 1) / PageSize);

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
    /// <summary>
    /// Each shown result's passage as the store holds it: its labels with how sure the machine is of each (the same
    /// badges, « incertain » included, as on the other pages; a reviewer's label shows none).
    /// </summary>
    public Dictionary<long, PassageView> Labels { get; private set; } = [];
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

    public Task OnGetAsync(CancellationToken ct) => SearchAsync(labels: true, ct);

    /// <summary>
    /// Reads the filters' choices and runs the search (or the « passages semblables »); <paramref name="labels"/> reads
    /// the shown page's labels from the store (an export reads every result's, <see cref="SearchApi.WithConfidence"/>).
    /// </summary>
    async Task SearchAsync(bool labels, CancellationToken ct)
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
                LikeSource = ContributionQueries.Passages(c, "p.id = @id", ("@id", like)).FirstOrDefault();
            if (LikeSource is null)
            {
                Error = "Ce passage n'existe pas (ou plus) : cherchez par des mots, puis choisissez « passages semblables » sur un résultat.";
                return;
            }
            Results = (await search.Search.MoreLikeThisAsync(like, 20, ct)).Select(SearchApi.ToResult).ToList();
            if (labels) ReadLabels();
            return;
        }
        if (!FrenchDates.TryParse(FromText, "Du", out var from, out var fromError) || !FrenchDates.TryParse(ToText, "au", out var to, out fromError))
        {
            Error = fromError;
            return;
        }
        if (from > to)
        {
            Error = $"La période va du {FrenchDates.Format(from)} au {FrenchDates.Format(to)} : la date « Du » vient après la date « au ». Inversez-les.";
            return;
        }
        (From, To) = (from, to);
        if (string.IsNullOrWhiteSpace(Q)) return;
        if (await FindAsync(ct) is not { } all) return;
        _all = all;
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Results = all.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
        if (labels) ReadLabels();
    }

    void ReadLabels()
    {
        if (Results is not { Count: > 0 } shown) return;
        using var c = store.Connect();
        Labels = ContributionQueries.Passages(c, $"p.id IN ({string.Join(',', shown.Select(r => r.PassageId))})").ToDictionary(p => p.Id);
    }

    /// <summary>Every result of the search (the browsable ones, sorted), which the page shows a slice of and an export holds.</summary>
    List<SearchResult> _all = [];

    /// <summary>
    /// Runs the search: the <see cref="Browsable"/> best results, sorted as asked, and the total of passages holding the
    /// words. Null when a filter is invalid.
    /// </summary>
    async Task<List<SearchResult>?> FindAsync(CancellationToken ct)
    {
        var query = new SearchQuery(Q!, Mode, PageSize, Empty(Question), Empty(Topic), Empty(Sentiment), Empty(Profile), Empty(Neighbourhood), Empty(Channel), Empty(Source), From, To);
        if (!SearchModes.TryParse(Mode, out var mode) || !SearchApi.TryFilter(query, out var filter, out _) || Sort is not ("pertinence" or "recent" or "ancien"))
        {
            Error = "Un des filtres n'est pas valide : choisissez une valeur dans la liste.";
            return null;
        }
        // always the same number of results, whatever the page: among equal scores the index picks by its own order,
        // so a shorter list would not be the start of the longer one and pages would skip or repeat passages
        var answer = await search.Search.AnswerAsync(Q!, Browsable, filter, mode, ct);
        var results = answer.Results.Select(SearchApi.ToResult).ToList();
        Corrections = SearchApi.Corrections(answer);
        Reindexing = answer.LexicalOnly;
        Total = mode == SearchMode.Vector && !answer.LexicalOnly ? null : search.Search.CountMatching(answer.SearchedText ?? Q!, filter);
        Words = search.Search.SearchableWords(answer.SearchedText ?? Q!);
        Found = results.Count;
        return Sort switch
        {
            // undated passages last, in their order of relevance
            "recent" => results.OrderBy(r => r.Date is null).ThenByDescending(r => r.Date).ToList(),
            "ancien" => results.OrderBy(r => r.Date is null).ThenBy(r => r.Date).ToList(),
            _ => results,
        };
    }

    /// <summary>The results of the search on the page, as a spreadsheet or a Word document, with the query and filters stated.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        await SearchAsync(labels: false, ct);
        if (Error is not null || string.IsNullOrWhiteSpace(Q) || Like is not null) return RedirectToPage(RouteValues());
        var content = new Reports.SearchExportContent(Q!, StatedFilters().ToList(), Counted(_all.Count), DateTimeOffset.Now, SearchApi.WithConfidence(store, _all),
            ReportsApi.LinkBase(Request, settings));
        var words = Reports.FrenchLabels.FileSlug(Q!);
        var stamp = (words.Length > 0 ? words + "-" : "") + content.At.ToString("yyyyMMdd-HHmm");
        return format == "docx"
            ? File(Reports.SearchExport.Docx(content), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"recherche-{stamp}.docx")
            : File(Reports.SearchExport.Csv(content), "text/csv; charset=utf-8", $"recherche-{stamp}.csv");
    }

    static readonly System.Globalization.CultureInfo Fr = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>
    /// What the results are, as the page (capitalised) and the exports say it: « 298 passages contiennent au moins un de
    /// ces mots ; avec les passages proches par le sens, les 200 meilleurs résultats, par pertinence », « 12 passages
    /// contiennent ce mot », « 200 résultats sur 1 234 passages contenant ce mot ». The word search finds passages holding
    /// any of the query's words (as stems), so a query of several words says « au moins un de ces mots ».
    /// </summary>
    public string Counted(int shown)
    {
        string N(int n) => n.ToString("N0", Fr);
        string S(int n) => n > 1 ? "s" : "";
        var words = Words > 1 ? "au moins un de ces mots" : "ce mot";
        var results = shown >= Browsable ? $"les {N(shown)} meilleurs résultats" : $"{N(shown)} résultat{S(shown)}";
        var counted = Total switch
        {
            null => $"les {N(shown)} passages les plus proches par le sens",
            0 when Mode == "hybrid" && !Reindexing && CommonWordsOnly =>
                $"{(SeveralTyped ? "ces mots sont trop courants" : "ce mot est trop courant")} pour la recherche par les mots ; les {N(shown)} passages les plus proches par le sens",
            // the nearest by meaning always exist, however far: say they may be about something else
            0 when Mode == "hybrid" && !Reindexing =>
                $"aucun passage{(Filtered ? " retenu par les filtres" : "")} ne contient {(Words > 1 ? "ces mots" : "ce mot")} ; les {N(shown)} passages les plus proches par le sens, qui peuvent parler d'autre chose",
            // the results beyond the passages holding the words are only near by meaning: say so when they are many
            { } total when Mode == "hybrid" && !Reindexing && total < shown =>
                $"{N(total)} passage{S(total)} contien{(total > 1 ? "nent" : "t")} {words} ; avec les passages proches par le sens, {results}, dont {N(shown - total)} "
                + $"qui ne {(shown - total > 1 ? "contiennent" : "contient")} {(Words > 1 ? "aucun de ces mots" : "pas ce mot")} et {(shown - total > 1 ? "peuvent" : "peut")} parler d'autre chose",
            { } total when Mode == "hybrid" && !Reindexing =>
                $"{N(total)} passage{S(total)} contien{(total > 1 ? "nent" : "t")} {words} ; avec les passages proches par le sens, {results}",
            { } total when total == shown => $"{N(total)} passage{S(total)} contien{(total > 1 ? "nent" : "t")} {words}",
            { } total => $"{N(shown)} résultat{S(shown)} sur {N(total)} passage{S(total)} contenant {words}",
        };
        return counted + (Sort == "recent" ? ", triés du plus récent au plus ancien" : Sort == "ancien" ? ", triés du plus ancien au plus récent" : ", par pertinence");
    }

    /// <summary>
    /// The results whose text is that of an earlier one on the page (the same answer sent twice), each with that earlier
    /// result: the page says so rather than show the same words twice without a word.
    /// </summary>
    public static Dictionary<long, SearchResult> CopiesOf(IReadOnlyList<SearchResult> results)
    {
        var seen = new Dictionary<string, SearchResult>(StringComparer.Ordinal);
        var copies = new Dictionary<long, SearchResult>();
        foreach (var r in results)
        {
            var words = Synthesis.Nlp.Summaries.ThemeOverview.OneLine(r.Text).ToLowerInvariant();
            if (words.Length == 0) continue;
            if (seen.TryGetValue(words, out var first) && first.ContributionId != r.ContributionId) copies[r.PassageId] = first;
            else seen.TryAdd(words, r);
        }
        return copies;
    }

    /// <summary>Contributions per channel or profile that have an analysed passage (read when a search found nothing).</summary>
    Dictionary<string, long> Analysed(string facet)
    {
        using var c = store.Connect();
        return ContributionRows.AnalysedBy(c, facet);
    }

    /// <summary>Whether the advice to widen a search may suggest the « sens proche » mode (not when it is in use).</summary>
    public bool MeaningModeHelps => Mode == "bm25";

    /// <summary>Whether a filter narrows the search.</summary>
    bool Filtered => Filters().Any();

    /// <summary>The search mode and the filters in force, in French (« Question : problèmes », « Période : du 01/02/2022 au 28/02/2022 »).</summary>
    public IEnumerable<string> StatedFilters() =>
        Filters().Prepend("Mode de recherche : par " + (Mode switch { "bm25" => "les mots", "vector" => "le sens", _ => "les mots et le sens" }));

    /// <summary>The filters in force, in French, without the search mode.</summary>
    IEnumerable<string> Filters()
    {
        if (Empty(Question) is { } q) yield return "Question : " + FrenchLabels.QuestionShort(q);
        if (Empty(Sentiment) is { } s) yield return "Ton : " + FrenchLabels.Sentiment(s);
        if (Empty(Profile) is { } p) yield return "Profil : " + FrenchLabels.Profile(p);
        if (Empty(Channel) is { } ch) yield return "Canal : " + FrenchLabels.Channel(ch);
        if (Empty(Source) is { } so) yield return "Source : " + FrenchLabels.Source(so);
        if (Empty(Neighbourhood) is { } n) yield return "Quartier : " + n;
        if (Empty(Topic) is { } t) yield return "Thème : " + (Topics.FirstOrDefault(x => x.Id.ToString() == t).Label ?? t);
        string Day(DateTimeOffset d) => d.ToString("dd/MM/yyyy", Fr);
        switch (From, To)
        {
            case ({ } f, { } u): yield return $"Période : du {Day(f)} au {Day(u)}"; break;
            case ({ } f, null): yield return $"Période : depuis le {Day(f)}"; break;
            case (null, { } u): yield return $"Période : jusqu'au {Day(u)}"; break;
        }
    }

    /// <summary>The query and filters of this page, for links to another page, another sort or an export.</summary>
    public Dictionary<string, string?> RouteValues(int? page = null, string? sort = null) => new()
    {
        ["q"] = Q, ["mode"] = Mode, ["question"] = Empty(Question), ["sentiment"] = Empty(Sentiment), ["profile"] = Empty(Profile),
        ["channel"] = Empty(Channel), ["source"] = Empty(Source), ["neighbourhood"] = Empty(Neighbourhood), ["topic"] = Empty(Topic),
        ["from"] = Empty(FromText), ["to"] = Empty(ToText), ["tri"] = sort ?? Sort, ["page"] = page is > 1 ? page.ToString() : null,
    };

    /// <summary>A link to this search with another page or sort (or the export handler).</summary>
    public string Href(int? page = null, string? sort = null, string? handler = null, string? format = null)
    {
        var values = RouteValues(page, sort).Where(v => v.Value is not null).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}").ToList();
        if (handler is not null) values.Add($"handler={handler}");
        if (format is not null) values.Add($"format={format}");
        return "/recherche?" + string.Join("&", values);
    }

    static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    /// <summary>Why a search found nothing, as far as the query and the filters tell: words too common to search, a channel, profile or neighbourhood no contribution has.</summary>
    public IEnumerable<string> EmptyReasons()
    {
        if (CommonWordsOnly && Total == 0)
            yield return Mode == "bm25"
                ? $"« {Q!.Trim()} » : {(SeveralTyped ? "ces mots sont trop courants" : "ce mot est trop courant")} pour la recherche par les mots. Ajoutez un mot plus précis, ou cherchez par le sens."
                : $"« {Q!.Trim()} » : {(SeveralTyped ? "ces mots sont trop courants pour être cherchés" : "ce mot est trop courant pour être cherché")}, par les mots comme par le sens. Ajoutez un mot plus précis.";
        if (Empty(Channel) is { } ch && Channels.GetValueOrDefault(ch) == 0)
            yield return $"Aucune contribution n'est arrivée par le canal « {Reports.FrenchLabels.Channel(ch)} » : ce filtre ne peut rien trouver.";
        else if (Empty(Channel) is { } waiting && Channels.GetValueOrDefault(waiting) is > 0 and var arrived && Analysed("channel").GetValueOrDefault(waiting) == 0)
            yield return arrived == 1
                ? $"La contribution arrivée par le canal « {Reports.FrenchLabels.Channel(waiting)} » n'a pas encore de passage analysé (un enregistrement attend sa transcription, par exemple) : la page Tâches dit où en est l'analyse."
                : $"Les {arrived.ToString("N0", Fr)} contributions arrivées par le canal « {Reports.FrenchLabels.Channel(waiting)} » n'ont pas encore de passage analysé (des enregistrements attendent leur transcription, par exemple) : la page Tâches dit où en est l'analyse.";
        if (Empty(Profile) is { } p && Profiles.GetValueOrDefault(p) == 0)
            yield return $"Aucune contribution n'a le profil « {Reports.FrenchLabels.Profile(p)} » : ce filtre ne peut rien trouver.";
        if (Empty(Neighbourhood) is { } n && !Neighbourhoods.Any(x => string.Equals(x.Value, n, StringComparison.OrdinalIgnoreCase)))
            yield return $"Aucune contribution ne vient du quartier « {n} » : choisissez un quartier dans la liste.";
    }

    /// <summary>
    /// The text with its highlighted pieces in &lt;mark&gt;, each piece HTML-encoded (no citizen's markup gets through), and
    /// no whitespace added around the marks (Razor's markup in a loop put spaces before « ( » and « . »).
    /// </summary>
    public static Microsoft.AspNetCore.Html.HtmlString Highlighted(string text, IReadOnlyList<Highlight> highlights)
    {
        // a multiple-choice answer's « | » reads « ; », and the highlights move with the words
        var separated = Synthesis.Nlp.Summaries.ThemeOverview.SeparateChoices(text, out var at);
        var moved = highlights.Where(h => h.Start >= 0 && h.Length >= 0 && h.Start + h.Length <= text.Length)
            .Select(h => new Highlight(at[h.Start], at[h.Start + h.Length] - at[h.Start])).ToList();
        var html = new System.Text.StringBuilder(separated.Length + 32);
        foreach (var (segment, marked) in Segments(separated, moved))
        {
            var encoded = System.Net.WebUtility.HtmlEncode(segment);
            html.Append(marked ? $"<mark>{encoded}</mark>" : encoded);
        }
        return new Microsoft.AspNetCore.Html.HtmlString(html.ToString());
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
