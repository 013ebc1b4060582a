using System.Data.Common;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Reports;

/// <summary>What a report covers: all themes, or chosen topics, optionally only one of the three questions.</summary>
public sealed record ReportSelection(IReadOnlyList<long>? Topics = null, QuestionType? Question = null)
{
    public bool Includes(TopicNode t) => Topics is null || Topics.Count == 0 || Topics.Contains(t.Id) || t.Children.Any(ch => Topics.Contains(ch.Id));
}

/// <param name="Overview">« En bref »: the theme's structured synthesis (whole theme, no question chosen); null when none.</param>
public sealed record ReportTheme(TopicNode Topic, TopicSummaryView? Summary, IReadOnlyList<PassageView> Quotes, TopicSummaryView? Overview = null);

/// <summary>A measure a contributor names, as a sub-theme's extractive summary quotes it.</summary>
public sealed record Recommendation(string Topic, CitedSentence Sentence);

/// <summary>
/// One of the three questions as the final report answers it: the diagnosis (leading themes with counts, who speaks to
/// it, quotes) and the recommendations contributors name.
/// </summary>
/// <param name="Speakers">Contributions speaking to the question, by participant profile.</param>
public sealed record ReportQuestion(QuestionView View, IReadOnlyDictionary<string, long> Speakers, IReadOnlyList<Recommendation> Recommendations);

/// <summary>
/// The analysis as a report reads it, built once and written out as Markdown, DOCX or CSV. Every quote keeps its
/// passage and contribution IDs so that each export links back to the citizen's words.
/// </summary>
/// <param name="ScopePassages">Passages in the selected themes (all themes when none was chosen).</param>
/// <param name="ThemeCount">Live themes in the whole analysis, selected or not.</param>
public sealed record ReportContent(
    DateTimeOffset GeneratedAt, long Contributions, long Passages, IReadOnlyDictionary<string, long> Channels,
    IReadOnlyDictionary<string, long> Profiles, IReadOnlyList<ReportQuestion> Questions, IReadOnlyList<ReportTheme> Themes,
    ReportSelection Selection, string LinkBase, ReportReliability? Reliability = null, MethodFacts? Method = null,
    long ScopePassages = 0, int ThemeCount = 0)
{
    public const int QuotesPerTheme = 5;

    /// <summary>Recommendations listed under each question, at most.</summary>
    public const int RecommendationsPerQuestion = 6;

    public string Link(long contributionId, long? passageId = null) => ContributionLink(LinkBase, contributionId, passageId);

    /// <summary>A contribution's page under <paramref name="linkBase"/>, opened at a passage when one is given.</summary>
    public static string ContributionLink(string linkBase, long contributionId, long? passageId = null) =>
        $"{linkBase.TrimEnd('/')}/contributions/{contributionId}" + (passageId is { } p ? $"#p{p}" : "");

    /// <summary>Whether the report covers a chosen part of the analysis rather than all of it.</summary>
    public bool Selected => Selection.Topics is { Count: > 0 } || Selection.Question is not null;

    public static ReportContent Build(DbConnection c, ReportSelection selection, string linkBase)
    {
        var map = TopicQueries.Map(c);
        var question = selection.Question is { } q ? DomainNames.Name(q) : "";
        var included = map.Themes.Where(selection.Includes).ToList();
        var themes = included.Select(t =>
        {
            var summary = TopicQueries.Summary(c, t.Id, question) ?? (question.Length > 0 ? null : TopicQueries.Summary(c, t.Id, ""));
            var quotes = TopicQueries.Representatives(c, t.Id, question.Length > 0 ? question : null).Take(QuotesPerTheme).ToList();
            return new ReportTheme(t, summary, quotes, question.Length == 0 ? TopicQueries.Summary(c, t.Id, TopicQueries.OverviewKey) : null);
        }).ToList();
        IReadOnlyCollection<long>? scope = selection.Topics is { Count: > 0 } ? included.Select(t => t.Id).ToList() : null;
        var speakers = QuestionOverview.Speakers(c, scope);
        var used = new HashSet<long>();
        var questions = QuestionOverview.Read(c, null, themes: scope)
            .Where(v => selection.Question is null || v.Question == question)
            .Select(v =>
            {
                used.UnionWith(v.Quotes.Select(p => p.Id));
                return new ReportQuestion(v, speakers.GetValueOrDefault(v.Question) ?? [], Recommendations(c, map, v, used));
            }).ToList();
        // « Qui a contribué » counts, for a selection, the contributions with a passage in it
        var chosenQuestion = question.Length > 0 ? question : null;
        return new ReportContent(DateTimeOffset.Now, ContributionRows.Count(c), PassageRows.Count(c),
            ContributionRows.CountsBy(c, "channel", scope, chosenQuestion), ContributionRows.CountsBy(c, "profile", scope, chosenQuestion),
            questions, themes, selection, linkBase, ReportReliability.Read(c), MethodFacts.Read(c),
            included.Sum(t => t.Size), map.Themes.Count);
    }

    /// <summary>
    /// What contributors propose where a question is raised: for the question's leading themes, the sub-themes that
    /// speak to it most, each with one sentence of its summary of proposals (of engagement, for the engagement
    /// question): among those not already quoted in the report and whose passages are of that type, the one whose
    /// passage the machine reads most surely as such.
    /// </summary>
    static List<Recommendation> Recommendations(DbConnection c, TopicMap map, QuestionView view, HashSet<long> used)
    {
        var key = view.Question == "engagement" ? "engagement" : "solution";
        var parts = view.LeadingTopics
            .Select(l => TopicQueries.Find(map, l.TopicId)).OfType<TopicNode>()
            .SelectMany(t => t.Children.Count > 0 ? t.Children : [t])
            .OrderByDescending(t => t.Questions.GetValueOrDefault(view.Question)).ThenBy(t => t.Id);
        var list = new List<Recommendation>();
        foreach (var part in parts)
        {
            if (list.Count >= RecommendationsPerQuestion) break;
            // the sentence whose passage the machine reads most surely as a proposal (or as engagement)
            if (TopicQueries.Summary(c, part.Id, key) is not { } summary
                || Quotable(summary.Sentences.Where(s => !s.Citations.Any(p => used.Contains(p.Id))), key) is not { } sentence) continue;
            used.UnionWith(sentence.Citations.Select(p => p.Id));
            list.Add(new Recommendation(part.Label, sentence));
        }
        return list;
    }

    /// <summary>
    /// The summary sentence a recommendation quotes: among the supported ones whose passages are all of the question
    /// <paramref name="key"/>, first those that read as a sentence on their own (<see cref="Synthesis.Nlp.Summaries.Voices.Readability"/>
    /// finds no fragment starting in lower case, with a bracket or with « Mais », no numbered heading, no capitals; and
    /// the sentence was not cut from its passage after a comma), then the one the machine reads most surely as such;
    /// null when none qualifies.
    /// </summary>
    public static CitedSentence? Quotable(IEnumerable<CitedSentence> sentences, string key) => sentences
        .Where(s => s.Supported && s.Citations.Count > 0 && s.Citations.All(p => p.Question is null || DomainNames.Name(p.Question.Value) == key))
        .Select(s => (Sentence: s, Reads: Synthesis.Nlp.Summaries.Voices.Readability(s.Text) * (StartsMidSentence(s) ? 0.5 : 1)))
        // a sentence that reads alone first, whatever the confidence of a fragment; then the surest
        .OrderByDescending(x => x.Reads >= 1).ThenByDescending(x => x.Sentence.Citations.Min(p => p.QuestionConfidence ?? p.QuestionScores?.GetValueOrDefault(key) ?? 1.0) * x.Reads)
        .Select(x => x.Sentence).FirstOrDefault();

    /// <summary>
    /// Whether the sentence was cut from its passage after the start of one of the passage's sentences (« Prime
    /// d'activité ou les conditionner… » after « Supprimer IAE, ARS, PAJE, »): the character before it is not the end of
    /// a sentence.
    /// </summary>
    static bool StartsMidSentence(CitedSentence s)
    {
        foreach (var p in s.Citations)
        {
            var at = p.Text.IndexOf(s.Text.Trim().TrimEnd('.', '…', ' '), StringComparison.Ordinal);
            if (at <= 0) continue;
            var before = p.Text[..at].TrimEnd();
            if (before.Length > 0 && before[^1] is not ('.' or '!' or '?' or '…' or ':' or '\n' or '»' or '"')) return true;
        }
        return false;
    }
}

/// <summary>French names of the values analysts see in reports and the web app.</summary>
public static class FrenchLabels
{
    /// <summary>At most <paramref name="n"/> characters, cut at a word (« Médicaments et laboratoires… », not « …pharmaceuti… »).</summary>
    public static string Clip(string s, int n)
    {
        if (s.Length <= n) return s;
        var space = s.LastIndexOf(' ', n - 1);
        return (space > n / 2 ? s[..space].TrimEnd(',', ';', ':') : s[..(n - 1)]) + "…";
    }

    /// <summary>
    /// Words as part of a file name: lower case, accents folded, anything else a hyphen, at most 40 characters
    /// (« Production et industrie » -> « production-et-industrie »).
    /// </summary>
    public static string FileSlug(string words)
    {
        var folded = Synthesis.Nlp.French.FrenchFold.Fold(words);
        var slug = System.Text.RegularExpressions.Regex.Replace(folded, "[^a-z0-9]+", "-").Trim('-');
        if (slug.Length > 40) slug = slug[..40].TrimEnd('-');
        return slug;
    }

    static readonly System.Globalization.CultureInfo Fr = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>A sentence as it starts a paragraph: its first letter in capitals (« Ce mot est trop courant… »).</summary>
    public static string Capitalised(string sentence) => sentence.Length == 0 ? sentence : char.ToUpper(sentence[0], Fr) + sentence[1..];

    /// <summary>A day as French writes it: « 1er février 2026 », « 2 février 2026 ».</summary>
    public static string Day(DateTimeOffset at) => (at.Day == 1 ? "1er" : at.Day.ToString(Fr)) + at.ToString(" MMMM yyyy", Fr);

    /// <summary>A day in a list or a table, month abbreviated: « 1er févr. 2022 », « 18 mars 2022 ».</summary>
    public static string ShortDay(DateTimeOffset at) => (at.Day == 1 ? "1er" : at.Day.ToString(Fr)) + at.ToString(" MMM yyyy", Fr);

    /// <summary>A moment in local time: « 1er février 2026 à 14:05 ».</summary>
    public static string Moment(DateTimeOffset at)
    {
        var local = at.ToLocalTime();
        return Day(local) + local.ToString(" 'à' HH:mm", Fr);
    }

    public static string Question(string q) => q switch
    {
        "problem" => "Problèmes et nouveaux publics",
        "engagement" => "Nouvelles formes d'engagement",
        "solution" => "Réponses et coopérations",
        _ => "Autres",
    };

    public static string QuestionShort(string q) => q switch
    {
        "problem" => "problèmes", "engagement" => "engagement", "solution" => "solutions", _ => "autres",
    };

    /// <summary>What form a contribution came in: « écrit », « audio », « vidéo », « photo ».</summary>
    public static string Media(string m) => m switch { "audio" => "audio", "video" => "vidéo", "image" => "photo", _ => "écrit" };

    public static string Sentiment(string s) => s switch { "negative" => "négatif", "positive" => "positif", _ => "neutre" };

    /// <summary>How sure the machine is of a label, in words: « la machine en est sûre à 72 % » (null: no probability).</summary>
    public static string? Certainty(double? confidence) =>
        confidence is { } c ? $"la machine en est sûre à {(c * 100).ToString("0", Fr)} %" : null;

    public static string Channel(string c) => c switch
    {
        "platform" => "plateforme en ligne", "street_event" => "événement de rue", "workshop" => "atelier", "forum" => "forum public",
        "survey" => "questionnaire", "email" => "courriel", "paper" => "papier", _ => "autre",
    };

    public static string Profile(string p) => p switch
    {
        "person_concerned" => "personne concernée", "community_organisation" => "association", "citizen_collective" => "collectif citoyen",
        "business" => "commerce ou entreprise", "social_worker" => "travailleur social", "researcher" => "chercheur",
        "institution" => "institution", _ => "non renseigné",
    };

    public static string Source(string s) => s switch { "transcript" => "transcription", "ocr" => "photo (texte lu)", _ => "texte" };
}
