using Synthesis.Eval;
using Synthesis.Ingest.Review;

namespace Synthesis.Api.Analysis;

/// <summary>How one label of a check (tone, or question type) agrees with the machine, and where they differ.</summary>
public sealed record CheckAgreement(string Label, Agreement.Report Report, IReadOnlyList<CheckItem> Differences);

/// <summary>
/// The city's own check of the analysis: review staff draw a random sample (<see cref="CheckSample"/>), label each
/// passage's tone and question type without seeing the machine's, and read how far the machine agrees with them. A
/// staff label that differs from the label in force is also recorded as a review correction (logged, undoable), so
/// that it corrects that passage and, through <see cref="ReviewerModels"/>, retrains the models.
/// </summary>
public sealed class StaffCheck(SynthesisStore store, ReviewLog review)
{
    /// <summary>Labelled passages needed before agreement figures are shown (fewer say little).</summary>
    public const int MinLabelledForFigures = 10;

    /// <summary>Draws a new check of <paramref name="size"/> passages; returns its id, or a French reason it cannot.</summary>
    public (long? Id, string? Refusal) Draw(string who, int size)
    {
        if (size is < 1 or > CheckSample.MaxSize) return (null, $"un échantillon compte de 1 à {CheckSample.MaxSize} passages");
        using var c = store.Connect();
        var candidates = CheckRows.Candidates(c);
        if (candidates.Count == 0) return (null, "aucun passage analysé : importez des contributions et lancez l'analyse d'abord");
        var seed = Random.Shared.Next(1, int.MaxValue);
        return (CheckRows.Create(c, who, seed, CheckSample.Draw(candidates, size, seed)), null);
    }

    /// <summary>
    /// Records one passage's labels; a French reason when refused, naming the passage as <paramref name="shownAs"/>
    /// (« passage n° 10 », as the check's page numbers it; P and its ID otherwise).
    /// </summary>
    public string? Label(string who, long check, long passage, string? tone, string? question, string? shownAs = null)
    {
        var name = shownAs ?? $"P{passage}";
        if (!DomainNames.TryParse<Sentiment>(tone, out var t)) return $"{Reports.FrenchLabels.Capitalised(name)} : choisissez un ton (négatif, neutre ou positif)";
        if (!DomainNames.TryParse<QuestionType>(question, out var q)) return $"{Reports.FrenchLabels.Capitalised(name)} : choisissez un type (problèmes, engagement, solutions ou autres)";
        using (var c = store.Connect())
            if (!CheckRows.Label(c, check, passage, DomainNames.Name(t), DomainNames.Name(q), who))
                return $"le passage P{passage} n'est pas dans l'échantillon {check}";
        Correct(who, passage, t, q);
        return null;
    }

    /// <summary>Where the staff label differs from the label in force, it becomes a review correction.</summary>
    void Correct(string who, long passage, Sentiment tone, QuestionType question)
    {
        PassageView? current;
        using (var c = store.Connect()) current = ContributionQueries.Passages(c, "p.id = @id", ("@id", passage)).FirstOrDefault();
        if (current is null) return; // re-segmented since the draw: the check keeps its text, nothing to correct
        try
        {
            if (current.Sentiment != tone) review.SetSentiment(who, passage, tone);
            if (current.Question != question) review.SetQuestion(who, passage, question);
        }
        catch (ReviewTargetMissing) { }
    }

    /// <summary>Tone and question-type agreement over the labelled items, or none while fewer than the minimum are labelled.</summary>
    public static IReadOnlyList<CheckAgreement> Agreements(IReadOnlyList<CheckItem> items)
    {
        var labelled = items.Where(i => i.Labelled).ToList();
        if (labelled.Count < MinLabelledForFigures) return [];
        return
        [
            new("tone", Agreement.Compute(labelled.Select(i => i.Tone!).ToList(), labelled.Select(i => i.MachineTone).ToList()),
                labelled.Where(i => i.Tone != i.MachineTone).ToList()),
            new("question", Agreement.Compute(labelled.Select(i => i.Question!).ToList(), labelled.Select(i => i.MachineQuestion).ToList()),
                labelled.Where(i => i.Question != i.MachineQuestion).ToList()),
        ];
    }
}
