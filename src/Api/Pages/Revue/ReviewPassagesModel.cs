using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api.Pages;

/// <summary>
/// A review page listing passages with their forms (move, question, tone, out of every theme, and the ticked ones at
/// once): the theme's passages, and the queue of passages the machine is least sure of. Every form records its
/// decision and comes back to the page it was sent from with a French notice.
/// </summary>
public abstract class ReviewPassagesModel(SynthesisStore store, ReviewLog review) : PageModel
{
    protected SynthesisStore Store { get; } = store;
    public List<TopicNode> Targets { get; protected set; } = [];
    [TempData] public string? Message { get; set; }

    /// <summary>Where a form comes back to (written out: "page" is a route value Razor Pages keeps for itself).</summary>
    protected abstract string Back { get; }

    string Who => User.Identity!.Name!;

    protected void LoadTargets(TopicMap map) => Targets = map.Themes.SelectMany(t => new[] { t }.Concat(t.Children)).ToList();

    IActionResult Done(Func<long> action, string message)
    {
        Message = ReviewNotice.Of(action, message + " L'analyse des thèmes est relancée pour en tenir compte.");
        return LocalRedirect(Back);
    }

    public IActionResult OnPostMove(long passage, long topic) => Done(() => review.Move(Who, passage, topic), $"Passage P{passage} déplacé.");
    public IActionResult OnPostOutlier(long passage) => Done(() => review.MarkOutlier(Who, passage), $"Passage P{passage} mis hors thème.");

    public IActionResult OnPostQuestion(long passage, string question) =>
        DomainNames.TryParse<QuestionType>(question, out var q)
            ? Done(() => review.SetQuestion(Who, passage, q), $"Question du passage P{passage} corrigée.")
            : Done(() => throw new ReviewRefused("unknown question", "question inconnue"), "");

    public IActionResult OnPostSentiment(long passage, string sentiment) =>
        DomainNames.TryParse<Sentiment>(sentiment, out var s)
            ? Done(() => review.SetSentiment(Who, passage, s), $"Ton du passage P{passage} corrigé.")
            : Done(() => throw new ReviewRefused("unknown sentiment", "ton inconnu"), "");

    /// <summary>The passages ticked in the list, moved or put out of every theme at once.</summary>
    public IActionResult OnPostBulk(long[] passages, string? what, long? topic) =>
        what == "outlier" ? Done(() => review.MarkOutliers(Who, passages).Count, passages.Length == 1 ? "1 passage mis hors thème." : $"{passages.Length} passages mis hors thème.")
        : topic is long target ? Done(() => review.MoveMany(Who, passages, target).Count, passages.Length == 1 ? "1 passage déplacé." : $"{passages.Length} passages déplacés.")
        : Done(() => throw new ReviewRefused("no topic", "choisissez le thème où déplacer la sélection"), "");
}

/// <summary>What a review form tells the reviewer in French: the decision taken, or why it was refused.</summary>
public static class ReviewNotice
{
    public static string Of(Func<long> decide, string taken)
    {
        try
        {
            decide();
            return taken;
        }
        catch (Exception e) when (e is ArgumentException or ReviewTargetMissing)
        {
            return Refused(e);
        }
    }

    /// <summary>Why a decision was refused, in French.</summary>
    public static string Refused(Exception e) => "Décision refusée : " + e switch
    {
        ReviewRefused r => r.French,
        ReviewTargetMissing m => m.French,
        _ => e.Message,
    } + ".";
}
