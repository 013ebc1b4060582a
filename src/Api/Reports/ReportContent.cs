using Microsoft.Data.Sqlite;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Reports;

/// <summary>What a report covers: all themes, or chosen topics, optionally only one of the three questions.</summary>
public sealed record ReportSelection(IReadOnlyList<long>? Topics = null, QuestionType? Question = null)
{
    public bool Includes(TopicNode t) => Topics is null || Topics.Count == 0 || Topics.Contains(t.Id) || t.Children.Any(ch => Topics.Contains(ch.Id));
}

/// <param name="Overview">« En bref »: the theme's structured synthesis (whole theme, no question chosen); null when none.</param>
public sealed record ReportTheme(TopicNode Topic, TopicSummaryView? Summary, IReadOnlyList<PassageView> Quotes, TopicSummaryView? Overview = null);

/// <summary>
/// The analysis as a report reads it, built once and written out as Markdown, DOCX or CSV. Every quote keeps its
/// passage and contribution IDs so that each export links back to the citizen's words.
/// </summary>
public sealed record ReportContent(
    DateTimeOffset GeneratedAt, long Contributions, long Passages, IReadOnlyDictionary<string, long> Channels,
    IReadOnlyDictionary<string, long> Profiles, IReadOnlyList<QuestionView> Questions, IReadOnlyList<ReportTheme> Themes,
    ReportSelection Selection, string LinkBase, ReportReliability? Reliability = null)
{
    public const int QuotesPerTheme = 5;

    public string Link(long contributionId, long? passageId = null) => ContributionLink(LinkBase, contributionId, passageId);

    /// <summary>A contribution's page under <paramref name="linkBase"/>, opened at a passage when one is given.</summary>
    public static string ContributionLink(string linkBase, long contributionId, long? passageId = null) =>
        $"{linkBase.TrimEnd('/')}/contributions/{contributionId}" + (passageId is { } p ? $"#p{p}" : "");

    public static ReportContent Build(SqliteConnection c, ReportSelection selection, string linkBase)
    {
        var map = TopicQueries.Map(c);
        var question = selection.Question is { } q ? DomainNames.Name(q) : "";
        var themes = map.Themes.Where(selection.Includes).Select(t =>
        {
            var summary = TopicQueries.Summary(c, t.Id, question) ?? (question.Length > 0 ? null : TopicQueries.Summary(c, t.Id, ""));
            var quotes = TopicQueries.Representatives(c, t.Id)
                .Where(p => selection.Question is null || p.Question == selection.Question).Take(QuotesPerTheme).ToList();
            return new ReportTheme(t, summary, quotes, question.Length == 0 ? TopicQueries.Summary(c, t.Id, TopicQueries.OverviewKey) : null);
        }).ToList();
        return new ReportContent(DateTimeOffset.Now, ContributionRows.Count(c), PassageRows.Count(c),
            ContributionRows.CountsBy(c, "channel"), ContributionRows.CountsBy(c, "profile"),
            QuestionOverview.Read(c, null).Where(v => selection.Question is null || v.Question == question).ToList(),
            themes, selection, linkBase, ReportReliability.Read(c));
    }

}

/// <summary>French names of the values analysts see in reports and the web app.</summary>
public static class FrenchLabels
{
    static readonly System.Globalization.CultureInfo Fr = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

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
