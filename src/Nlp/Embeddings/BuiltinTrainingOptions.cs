namespace Synthesis.Nlp.Embeddings;

/// <summary>
/// Settings of <see cref="BuiltinFrenchModel.Train"/>. The defaults are the ones the shipped model was trained with;
/// a model file records the values it was trained with.
/// </summary>
public sealed record BuiltinTrainingOptions
{
    /// <summary>Size of the semantic part of the vectors (truncated SVD rank of the PPMI matrix).</summary>
    public int Dimensions { get; init; } = 256;

    /// <summary>
    /// Size of the hashed lexical part appended to the semantic part (signed feature hashing of IDF-weighted stems);
    /// 0 for none.
    /// </summary>
    public int LexicalDimensions { get; init; } = 0;

    /// <summary>Share of the cosine that comes from the lexical part (0..1) when there is one.</summary>
    public float LexicalWeight { get; init; } = 0.3f;

    /// <summary>At most this many stems get a trained vector (the most frequent ones).</summary>
    public int MaxVocabulary { get; init; } = 40_000;

    /// <summary>A stem needs at least this many occurrences (domain and background texts together).</summary>
    public int MinCount { get; init; } = 2;

    /// <summary>Co-occurrence window, in kept words on each side; nearer words weigh more ((W + 1 - d) / W).</summary>
    public int Window { get; init; } = 8;

    /// <summary>Context distribution smoothing of PPMI (Levy et al. 2015): context counts raised to this power.</summary>
    public double ContextSmoothing { get; init; } = 0.75;

    /// <summary>PMI shift: log(k) is subtracted before clipping at zero (shifted PPMI); 1 for plain PPMI.</summary>
    public double PmiShift { get; init; } = 1.0;

    /// <summary>Word vectors are U·Σ^p; this is p (0.5 is the usual symmetric choice).</summary>
    public double EigenvalueWeighting { get; init; } = 0.5;

    /// <summary>Extra columns of the randomised SVD.</summary>
    public int Oversampling { get; init; } = 16;

    /// <summary>Power iterations of the randomised SVD.</summary>
    public int PowerIterations { get; init; } = 4;

    /// <summary>SIF smoothing a: a word weighs a / (a + p(word)).</summary>
    public double SifA { get; init; } = 1e-3;

    /// <summary>How many principal components of the training passage vectors are removed (SIF "common component").</summary>
    public int RemovedComponents { get; init; } = 1;

    /// <summary>Seed of the randomised SVD.</summary>
    public ulong Seed { get; init; } = 0x5EED_F4E1_2024UL;

    /// <summary>
    /// General French text (e.g. the legal codes sample) that adds co-occurrences and vocabulary, weighing
    /// <see cref="BackgroundWeight"/> in word frequencies and co-occurrences, and takes no part in the principal
    /// components. The texts passed to Train are the domain texts (the citizens' contributions).
    /// </summary>
    public IEnumerable<string>? BackgroundTexts { get; init; }

    /// <summary>Weight of one background occurrence relative to a domain one.</summary>
    public double BackgroundWeight { get; init; } = 0.5;

    /// <summary>Stop words (any spelling; they are folded); null for the project's list.</summary>
    public IReadOnlyCollection<string>? StopWords { get; init; }

    /// <summary>Threads used by training; null for all cores. The result does not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}
