namespace Synthesis.Nlp.Questions;

/// <summary>
/// How much a passage answers each question of the dialogue: describes a problem or a public in need, tells of
/// an engagement, proposes a solution or cooperation. Multi-label: each score is in [0, 1] on its own (a passage
/// can state a problem and propose its remedy). <see cref="Other"/> is high when none of the three applies.
/// </summary>
public sealed record QuestionScores(double Problem, double Engagement, double Solution, double Other)
{
    /// <summary>
    /// The probability a trained classifier gives its top type (its scores are then a distribution over the types it
    /// learned); null for the zero-shot cues, whose scores are evidence, not probabilities.
    /// </summary>
    public double? Confidence { get; init; }

    /// <summary>The highest-scoring type; ties go in the order Problem, Engagement, Solution, Other.</summary>
    public QuestionType Top
    {
        get
        {
            var best = QuestionType.Problem;
            double max = Problem;
            if (Engagement > max) { best = QuestionType.Engagement; max = Engagement; }
            if (Solution > max) { best = QuestionType.Solution; max = Solution; }
            if (Other > max) best = QuestionType.Other;
            return best;
        }
    }

    /// <summary>The best of Problem, Engagement and Solution, ignoring Other (for a forced choice).</summary>
    public QuestionType TopOfThree =>
        Problem >= Engagement && Problem >= Solution ? QuestionType.Problem
        : Engagement >= Solution ? QuestionType.Engagement
        : QuestionType.Solution;

    /// <summary>The score of one type.</summary>
    public double this[QuestionType type] => type switch
    {
        QuestionType.Problem => Problem,
        QuestionType.Engagement => Engagement,
        QuestionType.Solution => Solution,
        _ => Other,
    };
}
