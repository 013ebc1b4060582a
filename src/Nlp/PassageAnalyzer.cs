using Synthesis.Nlp.Questions;
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
    QuestionType Question)
{
    /// <summary>The probability the tone model gives its label; null when the lexicon alone decided.</summary>
    public double? ToneConfidence => Sentiment.Confidence;

    /// <summary>The probability the question model gives its type; null when the zero-shot cues decided.</summary>
    public double? QuestionConfidence { get; init; }
}

/// <summary>
/// The per-passage French analysis, composed of replaceable parts: language, sentiment, the three questions.
/// Parts that are not given are skipped (their fields take neutral values): without a tone model the lexicon decides,
/// without a question scorer every passage is Other. Thread-safe; batches run in parallel and results come back in
/// input order.
/// </summary>
public sealed class PassageAnalyzer(
    FrenchSentiment sentiment,
    Func<string, QuestionScores>? questions = null,
    Func<string, (string Code, double Confidence)>? language = null,
    Func<string, SentimentResult>? sentimentModel = null)
{
    /// <summary>The lexicon scorer (French negation, intensifiers, contrast), also the features of a trained model.</summary>
    public FrenchSentiment Lexicon => sentiment;

    /// <summary>The same analysis with tone from <paramref name="model"/> (e.g. one retrained with reviewers' labels).</summary>
    public PassageAnalyzer WithSentiment(Func<string, SentimentResult> model) => new(sentiment, questions, language, model);

    /// <summary>The same analysis with the three questions from <paramref name="scorer"/>.</summary>
    public PassageAnalyzer WithQuestions(Func<string, QuestionScores> scorer) => new(sentiment, scorer, language, sentimentModel);

    public PassageAnalysisResult Analyse(string text)
    {
        var (code, confidence) = language?.Invoke(text) ?? ("fr", 1.0);
        var s = sentimentModel?.Invoke(text) ?? sentiment.Score(text);
        var q = questions?.Invoke(text) ?? new QuestionScores(0, 0, 0, 1);
        return new PassageAnalysisResult(code, confidence, s, q.Problem, q.Engagement, q.Solution, q.Other, q.Top) { QuestionConfidence = q.Confidence };
    }

    public PassageAnalysisResult[] Analyse(IReadOnlyList<string> texts)
    {
        var results = new PassageAnalysisResult[texts.Count];
        Parallel.For(0, texts.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => results[i] = Analyse(texts[i]));
        return results;
    }
}
