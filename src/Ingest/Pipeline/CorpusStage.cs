using System.Numerics.Tensors;
using Dapper;
using System.Text.Json;
using System.Data.Common;
using Microsoft.Extensions.AI;
using Synthesis.Nlp.French;
using Synthesis.Nlp.Summaries;
using Synthesis.Nlp.Topics;

namespace Synthesis.Ingest.Pipeline;

/// <summary>
/// Corpus-wide analysis, run once every per-contribution job has settled: topics (a hierarchy with labels,
/// representative passages and duplicate groups) over every analysed passage, reviewers' decisions taken as
/// constraints, topic IDs kept across runs, and a cited summary per topic.
/// </summary>
/// <param name="storedVectors">The model key (name@version) under which the index stage stores vectors of the same
/// model as <paramref name="embedder"/>: those are read back rather than computed again (null: always compute).</param>
public sealed class CorpusStage(Func<FrenchLemmatizer> lemmatizer, Func<int?> topicCount,
    Func<IEmbeddingGenerator<string, Embedding<float>>?>? embedder = null, Summaries.LlmTopicSummarizer? llm = null,
    Func<string?>? storedVectors = null) : IPipelineStage
{
    /// <summary>A stage with its parts already loaded (tests).</summary>
    public CorpusStage(FrenchLemmatizer lemmatizer, Func<int?> topicCount) : this(() => lemmatizer, topicCount) { }

    /// <summary>Seed of the topic modelling (the same seed and passages give the same topics).</summary>
    public int Seed { get; init; } = 1;

    public string Name => Stages.Corpus;
    public int BatchSize => 1;
    public bool WaitsForOtherStages => true;

    /// <summary>The steps of the last run and their seconds (reading, lemmas, embeddings, vectors, topics, summaries).</summary>
    public IReadOnlyList<(string Step, double Seconds)> LastSteps { get; private set; } = [];

    readonly List<(string Step, double Seconds)> _steps = [];
    readonly System.Diagnostics.Stopwatch _clock = new();

    void Step(string name)
    {
        _steps.Add((name, _clock.Elapsed.TotalSeconds));
        _clock.Restart();
    }

    public async Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, DbConnection connection, CancellationToken cancellationToken)
    {
        _steps.Clear();
        _clock.Restart();
        var inputs = await ReadInputs(connection, cancellationToken);
        if (inputs.Count == 0)
            return jobs.Select(_ => (JobOutcome)new JobOutcome.Completed(null)).ToArray();
        var topicSteps = new List<string>();
        var result = Fit(connection, inputs, ReviewState.Constraints(connection), topicSteps.Add);
        Step("topics");
        // the modeller's own steps ("themes: 1.20 s"), for the timing report
        foreach (var line in topicSteps)
            if (line.LastIndexOf(": ", StringComparison.Ordinal) is var at and > 0
                && double.TryParse(line[(at + 2)..].Replace(" s", ""), System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                _steps.Add(("topics/" + line[..at], seconds));
        var texts = inputs.ToDictionary(i => i.PassageId);
        // each input carries its question (read with the passages)
        var questions = inputs.Where(i => i.Question is not null).ToDictionary(i => i.PassageId, i => i.Question!);
        // a duplicate or a campaign copy is quoted once
        var groupOf = new Dictionary<long, long>();
        for (var g = 0; g < result.Duplicates.Count; g++)
            foreach (var id in result.Duplicates[g].PassageIds) groupOf[id] = g;
        var summaries = new Dictionary<(long Topic, string Question), TopicSummary>();
        var sentiments = TopicRows.Sentiments(connection);
        var uncertain = TopicRows.Uncertain(connection);
        var labels = result.Topics.ToDictionary(t => t.Id, t => t.Label);
        var totalContributions = inputs.Select(i => i.ContributionId).Distinct().Count();
        foreach (var t in result.Topics)
        {
            // « En bref »: a theme's structured synthesis, every sentence resting on cited passages
            if (t.ParentId is null)
            {
                var leaves = result.Topics.Where(c => c.ParentId == t.Id).Select(c => c.Id).Append(t.Id).ToHashSet();
                var members = result.Assignment.Where(a => a.Value is long leaf && leaves.Contains(leaf)).OrderBy(a => a.Key).ToList();
                // typical of the whole theme: the cosine to its centre, not to the sub-theme's
                var centre = members.Count == 0 ? [] : new float[texts[members[0].Key].Vector.Length];
                foreach (var a in members) TensorPrimitives.Add(centre, texts[a.Key].Vector, centre);
                var norm = TensorPrimitives.Norm(centre);
                if (norm > 0) TensorPrimitives.Divide(centre, norm, centre);
                var overviewPassages = members
                    .Select(a => new OverviewPassage(a.Key, texts[a.Key].ContributionId, texts[a.Key].Text, questions.GetValueOrDefault(a.Key),
                        sentiments.GetValueOrDefault(a.Key), a.Value != t.Id ? labels[a.Value!.Value] : null,
                        TensorPrimitives.Dot(texts[a.Key].Vector, centre), groupOf.TryGetValue(a.Key, out var g) ? g : null)
                    {
                        QuestionUncertain = uncertain.GetValueOrDefault(a.Key).Question, ToneUncertain = uncertain.GetValueOrDefault(a.Key).Tone,
                    })
                    .ToList();
                var overview = ThemeOverview.Write(overviewPassages, totalContributions);
                summaries[(t.Id, ThemeOverview.Method)] = await WrittenOverview(t, overview, overviewPassages, texts, cancellationToken) ?? overview;
            }
            summaries[(t.Id, "")] = await Abstractive(t, result, texts, cancellationToken) ?? Summarize(t, result, texts, _ => true, groupOf,
                id => questions.GetValueOrDefault(id) is { } q && Voices.AskedQuestions.Contains(q) ? q : null);
            // Report writers read each theme question by question (covering its sub-themes); a question with too few passages gets none.
            foreach (var q in Voices.AskedQuestions)
                if (Summarize(t, result, texts, id => questions.GetValueOrDefault(id) == q, groupOf,
                        id => result.Assignment.GetValueOrDefault(id) is long leaf && leaf != t.Id ? "t" + leaf : null) is { Sentences.Count: > 0 } summary
                    && summary.Sentences.Count >= 2)
                    summaries[(t.Id, q)] = summary;
        }
        Step("summaries");
        LastSteps = [.. _steps];
        return jobs.Select(_ => (JobOutcome)new JobOutcome.Completed(w => TopicRows.Save(w, result, summaries))).ToArray();
    }

    /// <summary>The topics of <paramref name="inputs"/> under <paramref name="constraints"/>, from the topics the store holds now.</summary>
    TopicResult Fit(DbConnection connection, IReadOnlyList<TopicInput> inputs, ReviewConstraints constraints, Action<string>? log = null) =>
        new TopicModeler { Log = log, Namer = new TopicNamer(lemmatizer()), Forms = new KeywordForms(lemmatizer()) }.Fit(inputs, new TopicOptions(K: topicCount(), Seed: Seed, Previous: ReviewState.PreviousTopics(connection), Constraints: constraints,
            UsedIds: ReviewState.UsedTopicIds(connection)));

    /// <summary>
    /// The topics the next run would make if <paramref name="constraints"/> were the reviewers' decisions: the same
    /// passages, vectors, previous topics and seed as a run (so the same result), without summaries, nothing saved.
    /// A reviewer sees it before a merge or a split (<see cref="Review.ReviewPreview"/>). Safe beside a running stage.
    /// </summary>
    public async Task<(TopicResult Result, IReadOnlyDictionary<long, TopicInput> Inputs)> DryRunAsync(DbConnection connection,
        ReviewConstraints constraints, CancellationToken cancellationToken = default)
    {
        // an instance of its own: a run's timings are not touched
        var dry = new CorpusStage(lemmatizer, topicCount, embedder, llm, storedVectors) { Seed = Seed };
        var inputs = await dry.ReadInputs(connection, cancellationToken);
        var result = inputs.Count == 0 ? new TopicResult([], new Dictionary<long, long?>(), []) : dry.Fit(connection, inputs, constraints);
        return (result, inputs.ToDictionary(i => i.PassageId));
    }

    /// <summary>
    /// Every French passage, with content lemmas and a vector joining latent semantic analysis fitted on this
    /// consultation's own passages with the passage embedding (<see cref="TopicVectors"/>): together they cluster
    /// French civic text better than either alone. Passages flagged non-French are left out of topics, not dropped.
    /// </summary>
    async Task<List<TopicInput>> ReadInputs(DbConnection connection, CancellationToken cancellationToken)
    {
        // in contribution order, not passage-ID order: passage IDs follow which worker committed first, and the
        // samples of the LSA fit and of k-means are taken by position, so the same import must give the same order
        var rows = TopicRows.FrenchPassages(connection);
        Step("read passages");
        if (rows.Count == 0) return [];
        // the embeddings are read (the index stage stored them) or computed while the lemmas and the LSA space are
        var embedding = embedder?.Invoke() is { } generator
            ? Task.Run(() => Embeddings(connection, generator, rows, cancellationToken), cancellationToken)
            : null;
        var lemmas = new IReadOnlyList<string>[rows.Count];
        var french = lemmatizer();
        Parallel.For(0, rows.Count, i => lemmas[i] = french.ContentLemmas(rows[i].Text));
        Step("lemmas");
        var lsa = TopicVectors.Lsa(lemmas);
        Step("LSA");
        float[][]? embeddings = null;
        if (embedding is not null)
        {
            embeddings = await embedding;
            Step("embeddings (beyond the LSA)");
        }
        var vectors = TopicVectors.Combine(lsa, embeddings, contributionOf: rows.Select(r => r.Contribution).ToList());
        Step("topic vectors");
        var questions = TopicRows.Questions(connection);
        return rows.Select((r, i) => new TopicInput(r.Id, vectors[i], lemmas[i], r.Text, r.Contribution) { Question = questions.GetValueOrDefault(r.Id) }).ToList();
    }

    /// <summary>
    /// Each row's embedding: the vector the index stage stored for it under <see cref="storedVectors"/>'s key when
    /// there is one, else computed (only for the rows without one).
    /// </summary>
    async Task<float[][]> Embeddings(DbConnection connection, IEmbeddingGenerator<string, Embedding<float>> generator,
        List<(long Id, long Contribution, string Text)> rows, CancellationToken cancellationToken)
    {
        var result = new float[rows.Count][];
        if (storedVectors?.Invoke() is { } model)
        {
            var at = new Dictionary<long, int>(rows.Count);
            for (var i = 0; i < rows.Count; i++) at[rows[i].Id] = i;
            // a connection of its own: this runs beside the lemmas and the LSA
            using var own = connection.OpenAnother();
            foreach (var (id, vector) in SearchRows.StoredVectors(own, model))
                if (at.TryGetValue(id, out var i)) result[i] = vector;
        }
        var missing = Enumerable.Range(0, rows.Count).Where(i => result[i] is null).ToList();
        if (missing.Count > 0)
        {
            var computed = await generator.GenerateAsync(missing.Select(i => rows[i].Text).ToList(), cancellationToken: cancellationToken);
            // the built-in model hands over its own arrays: no copy of 100,000 vectors
            for (var j = 0; j < missing.Count; j++)
                result[missing[j]] = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(computed[j].Vector, out var segment)
                    && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : computed[j].Vector.ToArray();
        }
        return result;
    }

    /// <summary>
    /// With an LLM endpoint configured, a written summary whose citations are checked; null (the extractive summary
    /// is kept) when the endpoint fails or no sentence of its answer rests on a passage of the topic.
    /// </summary>
    async Task<TopicSummary?> Abstractive(FoundTopic topic, TopicResult result, Dictionary<long, TopicInput> inputs, CancellationToken ct)
    {
        if (llm is null) return null;
        var children = result.Topics.Where(c => c.ParentId == topic.Id).Select(c => c.Id).ToHashSet();
        // The representatives first: central and diverse, they are what the model should read if it reads little.
        var members = topic.Representatives.Concat(result.Assignment.Where(a => a.Value is { } t && (t == topic.Id || children.Contains(t))).Select(a => a.Key))
            .Distinct().Where(inputs.ContainsKey).Select(id => new SummaryPassage(id, inputs[id].Text, inputs[id].Vector)).ToList();
        try
        {
            var summary = await llm.SummarizeAsync(topic.Label, members, cancellationToken: ct);
            return summary.Supported.Any() ? summary : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or System.ClientModel.ClientResultException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// With an LLM endpoint, the theme's « En bref » written by the model from the offline overview's facts and the
    /// most typical passages of each question; null (the assembled overview is kept) when the endpoint fails or no
    /// sentence is supported.
    /// </summary>
    async Task<TopicSummary?> WrittenOverview(FoundTopic theme, TopicSummary facts, IReadOnlyList<OverviewPassage> passages,
        Dictionary<long, TopicInput> inputs, CancellationToken ct)
    {
        if (llm is null || facts.Sentences.Count == 0) return null;
        var chosen = passages.Where(p => Voices.Substantive(p.Text)).GroupBy(p => p.Question ?? "other")
            .SelectMany(g => g.OrderByDescending(p => p.Centrality).ThenBy(p => p.PassageId).Take(10)
                .Select(p => (g.Key, new SummaryPassage(p.PassageId, p.Text, inputs[p.PassageId].Vector)))).ToList();
        try
        {
            var written = await llm.OverviewAsync(theme.Label, facts, chosen, ct);
            return written.Supported.Any() ? written : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or System.ClientModel.ClientResultException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }


    /// <summary>The extractive summary of a topic's passages that <paramref name="include"/> keeps, covering the strata <paramref name="stratum"/> gives.</summary>
    static TopicSummary Summarize(FoundTopic topic, TopicResult result, Dictionary<long, TopicInput> inputs, Func<long, bool> include,
        IReadOnlyDictionary<long, long> groupOf, Func<long, string?> stratum)
    {
        var children = result.Topics.Where(c => c.ParentId == topic.Id).Select(c => c.Id).ToHashSet();
        var members = result.Assignment.Where(a => a.Value is { } t && (t == topic.Id || children.Contains(t)) && include(a.Key))
            .OrderBy(a => a.Key).Select(a => inputs[a.Key]).ToList();
        if (members.Count == 0) return new TopicSummary([], "extractive");
        return new ExtractiveSummarizer().Summarize(members.Select(m => new SummaryPassage(m.PassageId, m.Text, m.Vector, m.ContributionId,
            stratum(m.PassageId), groupOf.TryGetValue(m.PassageId, out var g) ? g : null)).ToList());
    }
}
