namespace Synthesis.Nlp.Topics;

/// <summary>One passage to cluster.</summary>
/// <param name="PassageId">Store identity of the passage.</param>
/// <param name="Vector">Its embedding, L2-normalised (all passages of one call have the same length; a zero vector is an outlier).</param>
/// <param name="Lemmas">Its content lemmas in text order (see <c>FrenchLemmatizer.ContentLemmas</c>): labels are made of them.</param>
/// <param name="Text">Its text, for duplicate and campaign detection.</param>
/// <param name="ContributionId">The contribution it comes from.</param>
public sealed record TopicInput(long PassageId, float[] Vector, IReadOnlyList<string> Lemmas, string Text, long ContributionId)
{
    /// <summary>Which of the three questions it speaks to (« problem », « engagement », « solution »), when known: quotes cover them.</summary>
    public string? Question { get; init; }
}

/// <summary>How to cluster.</summary>
/// <param name="K">Number of themes; null = automatic (the previous run's count when <paramref name="Previous"/> is given, else a silhouette search).</param>
/// <param name="Seed">Random seed; the same seed and input give the same topics. Null = a new seed each call.</param>
/// <param name="Previous">The topics of the previous run: their IDs are kept for clusters that keep most of their passages.</param>
/// <param name="Constraints">Reviewer corrections, honoured in every run.</param>
/// <param name="MaxSubTopics">At most this many sub-themes per theme (at least 2 are made when a theme is big enough).</param>
/// <param name="UsedIds">The highest topic ID ever given, retired topics included: a new topic gets a higher one, so
/// that an ID a reviewer's decision, a link or a report names never comes to mean another topic.</param>
public sealed record TopicOptions(
    int? K = null,
    int? Seed = 1,
    IReadOnlyList<PreviousTopic>? Previous = null,
    ReviewConstraints? Constraints = null,
    int MaxSubTopics = 6,
    long UsedIds = 0);

/// <summary>A topic of the previous run. <paramref name="PassageIds"/> are the passages assigned to it or to its descendants.</summary>
public sealed record PreviousTopic(long Id, long? ParentId, IReadOnlyList<long> PassageIds, string Label, bool LabelFixed);

/// <summary>
/// Reviewer corrections, in the order they were decided where order matters (a later pin or outlier of the same
/// passage wins). Pinned: passage -> topic it must stay in. Merges: the From topic's passages go to Into and From
/// disappears. Splits: decisions not applied yet (see <see cref="SplitConstraint"/>); once a run has applied one, its
/// parts are kept by pinning each passage to its part. FixedLabels: labels kept as written. Outliers: passages left
/// unassigned.
/// </summary>
public sealed record ReviewConstraints(
    IReadOnlyDictionary<long, long> PinnedPassages,
    IReadOnlyList<(long Into, long From)> Merges,
    IReadOnlyList<SplitConstraint> Splits,
    IReadOnlyDictionary<long, string> FixedLabels,
    IReadOnlySet<long> Outliers)
{
    /// <summary>No corrections.</summary>
    public static ReviewConstraints None { get; } = new(
        new Dictionary<long, long>(), [], [], new Dictionary<long, string>(), new HashSet<long>());
}

/// <summary>
/// A reviewer's split, not applied yet: the topic's passages are clustered into <paramref name="Parts"/> new
/// sub-themes. A theme gets them as its children (its former sub-themes go); a sub-theme is replaced by them under
/// its theme (the hierarchy has two levels). <paramref name="Decision"/> names the decision in the result's
/// <see cref="TopicResult.AppliedSplits"/>.
/// </summary>
public sealed record SplitConstraint(long Decision, long Topic, int Parts);

/// <summary>A split a run applied: each part's ID and its passages (the store keeps them as the decision's effect).</summary>
public sealed record AppliedSplit(long Decision, IReadOnlyDictionary<long, IReadOnlyList<long>> Parts);

/// <summary>The topics found, each passage's leaf topic (null = outlier), the duplicate groups and the splits this run applied.</summary>
public sealed record TopicResult(
    IReadOnlyList<FoundTopic> Topics,
    IReadOnlyDictionary<long, long?> Assignment,
    IReadOnlyList<DuplicateGroup> Duplicates)
{
    /// <summary>
    /// Each assigned passage's cosine to its topic's centre: how well it fits there (low = a reviewer should look).
    /// </summary>
    public IReadOnlyDictionary<long, float> Fit { get; init; } = new Dictionary<long, float>();

    /// <summary>The splits this run applied (empty when none was pending).</summary>
    public IReadOnlyList<AppliedSplit> AppliedSplits { get; init; } = [];
}

/// <summary>A theme (ParentId null) or a sub-theme. Size counts the passages of the topic and its descendants.</summary>
/// <param name="Keywords">Up to 10 lemmas or lemma pairs, most distinctive first (c-TF-IDF), written as the passages write
/// them when the modeler has <see cref="TopicModeler.Forms"/>.</param>
/// <param name="Representatives">3 to 5 passage IDs, central and different from each other (MMR).</param>
public sealed record FoundTopic(
    long Id,
    long? ParentId,
    string Label,
    bool LabelFixed,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<long> Representatives,
    int Size);

/// <summary>Passages with the same text, or the same template with small edits (a campaign). Never deleted.</summary>
/// <param name="TopicId">The leaf topic holding most of the group (0 when all of them are outliers).</param>
public sealed record DuplicateGroup(long TopicId, IReadOnlyList<long> PassageIds, bool Templated);
