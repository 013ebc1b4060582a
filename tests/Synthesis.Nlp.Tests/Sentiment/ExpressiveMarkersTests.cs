using Synthesis.Nlp.Sentiment;

namespace Synthesis.Nlp.Tests.Sentiment;

public class ExpressiveMarkersTests(SentimentFixture fixture) : IClassFixture<SentimentFixture>
{
    static readonly ExpressiveMarkers Markers = ExpressiveMarkers.Parse(
        ["# comment", "", "c'est une honte\t-1", "bravo\t1", "génial\t1", "j'en ai marre\t-1", "ne pas\t-1"], "test.tsv");

    static (int, int) Count(string text) => Markers.Count(SentimentFeatures.Normalise(text));

    [Fact]
    public void Expressions_are_read_like_the_text_and_a_negated_one_does_not_count()
    {
        Assert.Equal((1, 0), Count("BRAVO aux bénévoles"));
        Assert.Equal((0, 1), Count("Les personnes âgées meurent seules, c’est une honte !"));
        Assert.Equal((0, 1), Count("Le bus passe, mais c'est une honte"));   // after a contrast too
        Assert.Equal((0, 0), Count("Ce n'est pas génial"));                   // negated
        Assert.Equal((0, 1), Count("J'en ai marre des bouchons"));
        Assert.Equal((0, 0), Count("Il faut développer les pistes cyclables"));
        Assert.Equal((2, 0), Count("Bravo ! Génial."));
    }

    [Fact]
    public void An_expression_that_reads_as_a_bare_negation_is_dropped_and_a_bad_line_is_named()
    {
        // "ne pas" alone would match every negation: it is skipped, not counted
        Assert.Equal((0, 0), Count("Je ne veux pas de bus"));
        var e = Assert.Throws<InvalidDataException>(() => ExpressiveMarkers.Parse(["bravo\t2"], "x.tsv"));
        Assert.Contains("x.tsv, line 1", e.Message);
    }

    [Fact]
    public void The_shipped_list_loads_with_the_lexicons_and_carries_no_topic_words()
    {
        var shipped = fixture.Sentiment.Expressive;
        Assert.True(shipped.Expressions > 100, $"{shipped.Expressions} expressions");
        // topic words carry no tone (the annotation guide): the list must not count them
        foreach (var topic in new[] { "pollution", "précarité", "chômage", "développer", "aider", "favoriser", "isolement", "solidarité" })
            Assert.Equal((0, 0), shipped.Count(SentimentFeatures.Normalise(topic)));
        Assert.Equal((0, 1), shipped.Count(SentimentFeatures.Normalise("c'est inadmissible")));
        Assert.Equal((1, 0), shipped.Count(SentimentFeatures.Normalise("une belle initiative")));
    }
}
