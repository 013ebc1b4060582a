using Synthesis.Nlp.Summaries;

namespace Synthesis.Nlp.Tests.Summaries;

public class SummaryTests
{
    [Fact]
    public void Citations_are_read_checked_and_unsupported_sentences_flagged()
    {
        var text = "Les habitants manquent de lieux pour se retrouver le soir [P12, P40]. Les aînés sont isolés [P7]. " +
                   "La mairie a promis un budget de dix millions. Un café solidaire est proposé [P999].";
        var sentences = Citations.Parse(text, new HashSet<long> { 7, 12, 40 });

        Assert.Equal(4, sentences.Count);
        Assert.Equal("Les habitants manquent de lieux pour se retrouver le soir.", sentences[0].Text);
        Assert.Equal([12L, 40L], sentences[0].Citations);
        Assert.True(sentences[1].Supported);
        Assert.False(sentences[2].Supported);            // no citation at all
        Assert.Empty(sentences[2].Citations);
        Assert.False(sentences[3].Supported);            // cites a passage outside the topic
        Assert.Equal([999L], sentences[3].InvalidCitations!);
    }

    [Fact]
    public void Citations_after_the_full_stop_belong_to_that_sentence()
    {
        var s = Citations.Parse("Il faut plus de bancs. [P3] Les jeunes s'engagent. [P4; P5]", new HashSet<long> { 3, 4, 5 });
        Assert.Equal([3L], s[0].Citations);
        Assert.Equal([4L, 5L], s[1].Citations);
    }

    static SummaryPassage P(long id, string text) => new(id, text);

    [Fact]
    public void Extractive_summaries_quote_central_and_diverse_passages_each_cited()
    {
        var passages = new List<SummaryPassage>
        {
            P(1, "Les personnes âgées sont isolées dans le quartier, surtout le soir."),
            P(2, "Les personnes âgées sont isolées dans le quartier, surtout le soir."),
            P(3, "Les personnes âgées du quartier sont isolées et personne ne leur rend visite."),
            P(4, "Il faudrait des visites de bénévoles chez les personnes âgées isolées."),
            P(5, "Un café solidaire permettrait aux personnes isolées de se retrouver."),
            P(6, "Les transports manquent pour les personnes âgées qui veulent sortir."),
            P(7, "Oui."),
            P(8, "Les personnes âgées isolées ont besoin de lien social et de visites."),
            P(9, "Le quartier manque de lieux pour que les personnes âgées se retrouvent."),
        };
        var summary = new ExtractiveSummarizer().Summarize(passages);

        Assert.Equal("extractive", summary.Method);
        Assert.InRange(summary.Sentences.Count, 3, 7);
        Assert.All(summary.Sentences, s => Assert.True(s.Supported && s.Citations.Count == 1));
        var cited = summary.Sentences.Select(s => s.Citations[0]).ToList();
        Assert.Equal(cited.Count, cited.Distinct().Count());
        Assert.False(cited.Contains(1) && cited.Contains(2)); // an exact duplicate is not quoted twice
        Assert.DoesNotContain(7L, cited);                      // "Oui." says nothing
        Assert.Equal(cited, new ExtractiveSummarizer().Summarize(passages).Sentences.Select(s => s.Citations[0])); // deterministic
    }

    [Fact]
    public void Long_passages_are_shortened_at_a_word_boundary()
    {
        var text = string.Join(' ', Enumerable.Repeat("solidarité entre voisins", 40));
        var summary = new ExtractiveSummarizer(min: 1, max: 1).Summarize([P(1, text)]);
        var sentence = Assert.Single(summary.Sentences).Text;
        Assert.EndsWith("[…] »", sentence);
        Assert.True(sentence.Length < 340);
    }
}
