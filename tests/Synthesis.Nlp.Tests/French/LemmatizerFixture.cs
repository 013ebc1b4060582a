using Synthesis.Nlp.French;
using Synthesis.Nlp.Tests.Sentiment;

namespace Synthesis.Nlp.Tests.French;

/// <summary>Loads the shipped lemmatiser once for all tests that need it.</summary>
public sealed class LemmatizerFixture
{
    public static string LefffDirectory => Path.Combine(SentimentFixture.RepoRoot, "models", "lefff");

    static readonly Lazy<FrenchLemmatizer> Shared = new(() => FrenchLemmatizer.Load(LefffDirectory));

    public FrenchLemmatizer Lemmatizer => Shared.Value;

    public static FrenchLemmatizer Instance => Shared.Value;
}
