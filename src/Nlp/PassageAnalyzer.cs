using Synthesis.Nlp.Sentiment;

namespace Synthesis.Nlp;

/// <summary>Everything the per-passage analysis says of one passage.</summary>
public sealed record PassageAnalysisResult(
    string Language,
    double LanguageConfidence,
    SentimentResult Sentiment,
    double Problem,
    double Engagement,
    double Solution,
    double Other,
    QuestionType Question);

/// <summary>
/// The per-passage French analysis, composed of replaceable parts: language, sentiment, the three questions.
/// Parts that are not given are skipped (their fields take neutral values). Thread-safe; batches run in parallel
/// and results come back in input order.
/// </summary>
public sealed class PassageAnalyzer(
    FrenchSentiment sentiment,
    Func<string, (double Problem, double Engagement, double Solution, double Other)>? questions = null,
    Func<string, (string Code, double Confidence)>? language = null,
    Func<string, SentimentResult>? sentimentModel = null)
{
    /// <summary>The lexicon scorer (French negation, intensifiers, contrast), also the features of a trained model.</summary>
    public FrenchSentiment Lexicon => sentiment;

    /// <summary>The same analysis with sentiment from <paramref name="model"/> (e.g. a model trained on reviewers' labels).</summary>
    public PassageAnalyzer WithSentiment(Func<string, SentimentResult> model) => new(sentiment, questions, language, model);

    public PassageAnalysisResult Analyse(string text)
    {
        var (code, confidence) = language?.Invoke(text) ?? ("fr", 1.0);
        var s = sentimentModel?.Invoke(text) ?? sentiment.Score(text);
        var (p, e, so, o) = questions?.Invoke(text) ?? (0, 0, 0, 1);
        var top = new[] { (QuestionType.Problem, p), (QuestionType.Engagement, e), (QuestionType.Solution, so), (QuestionType.Other, o) }
            .MaxBy(x => x.Item2).Item1;
        return new PassageAnalysisResult(code, confidence, s, p, e, so, o, top);
    }

    public PassageAnalysisResult[] Analyse(IReadOnlyList<string> texts)
    {
        var results = new PassageAnalysisResult[texts.Count];
        Parallel.For(0, texts.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => results[i] = Analyse(texts[i]));
        return results;
    }
}
