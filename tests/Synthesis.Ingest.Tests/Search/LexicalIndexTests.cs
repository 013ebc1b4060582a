using Synthesis.Tests;
using Synthesis.Ingest.Search;

namespace Synthesis.Ingest.Tests.Search;

public sealed class LexicalIndexTests
{
    static PassagePayload P(long contribution, QuestionType? q = null, Sentiment? s = null, string? n = null, DateTimeOffset? d = null,
        Channel channel = Channel.Platform, long? topic = null) =>
        new(contribution, q, topic, s, ParticipantProfile.PersonConcerned, n, channel, PassageSource.Text, d);

    static readonly LexicalDocument[] Docs =
    [
        new(1, "Les écoles du quartier manquent de places en crèche.", P(10, QuestionType.Problem, Sentiment.Negative, "Fives", new(2024, 1, 5, 0, 0, 0, TimeSpan.Zero), topic: 1)),
        new(2, "Il faut ouvrir une nouvelle école et des crèches associatives.", P(11, QuestionType.Solution, Sentiment.Positive, "Moulins", new(2024, 2, 5, 0, 0, 0, TimeSpan.Zero), topic: 1)),
        new(3, "Je ne trouve pas de logement sans aide de l'État.", P(12, QuestionType.Problem, Sentiment.Negative, "Fives", new(2024, 3, 5, 0, 0, 0, TimeSpan.Zero), Channel.Workshop, topic: 2)),
        new(4, "Les transports en commun devraient être gratuits le soir.", P(13, QuestionType.Solution, Sentiment.Neutral, null, null, topic: 3)),
        new(5, "Je trouve facilement un logement dans le quartier.", P(13, QuestionType.Other, Sentiment.Positive, "Wazemmes", new(2024, 4, 5, 0, 0, 0, TimeSpan.Zero), topic: 2)),
    ];

    static LexicalIndex Filled()
    {
        var index = LexicalIndex.InMemory();
        index.Add(Docs);
        return index;
    }

    [Fact]
    public void Analyser_removes_elisions_stop_words_and_accents_but_keeps_negations()
    {
        var analyzer = new FrenchSearchAnalyzer();
        var terms = analyzer.Terms("L'école n'est pas gratuite, sans aide ni plus de moyens pour les élèves");
        Assert.Contains("ecol", terms);
        // Negations survive the stop list (the stemmer may still trim them).
        foreach (var kept in new[] { "pas", "ne", "sans", "ni", "plus", "jamais" })
            Assert.Contains(Assert.Single(analyzer.Terms(kept)), analyzer.Terms($"{kept} {(kept == "ne" ? "ne" : "")} aide"));
        Assert.Contains(analyzer.Terms("sans").Single(), terms);
        Assert.Contains("pas", terms);
        Assert.DoesNotContain("les", terms);
        Assert.DoesNotContain("l", terms);
        Assert.DoesNotContain(terms, t => t.Contains('é'));
        // Stemming joins singular and plural, and (Snowball; the light stemmer kept these apart) derived forms.
        Assert.Equal(new FrenchSearchAnalyzer().Terms("écoles"), new FrenchSearchAnalyzer().Terms("école"));
        Assert.Equal(new FrenchSearchAnalyzer().Terms("association"), new FrenchSearchAnalyzer().Terms("associatif"));
        Assert.Equal(new FrenchSearchAnalyzer().Terms("collectivité"), new FrenchSearchAnalyzer().Terms("collectif"));
    }

    [Fact]
    public void Dotted_acronyms_are_one_term_with_their_plain_spelling()
    {
        var analyzer = new FrenchSearchAnalyzer();
        Assert.Equal(analyzer.Terms("ISF"), analyzer.Terms("I.S.F."));
        Assert.Equal(analyzer.Terms("la CAF"), analyzer.Terms("la C.A.F"));
        Assert.Equal(analyzer.Terms("AME"), analyzer.Terms("l'A.M.E."));
        // Not acronyms: left as the tokenizer gave them.
        Assert.Equal(["1.85"], analyzer.Terms("1.85"));
        Assert.NotEqual(analyzer.Terms("granddebatfr"), analyzer.Terms("granddébat.fr"));

        using var index = LexicalIndex.InMemory();
        index.Add([
            new LexicalDocument(1, "Rétablir l'ISF sur les grandes fortunes", P(20)),
            new LexicalDocument(2, "Les grandes fortunes et la fiscalité", P(20))]);
        var hit = index.Search("retour de l'I.S.F.", 10).First();
        Assert.Equal(1L, hit.PassageId);
        Assert.Equal("l'ISF", "Rétablir l'ISF sur les grandes fortunes".Substring(hit.Highlights[0].Start, hit.Highlights[0].Length));
        // Highlight offsets still cover the dotted spelling as written (with its elided article, as for any word).
        var span = Assert.Single(index.Highlight("Pour l'I.S.F. demain", "ISF"));
        Assert.Equal("l'I.S.F", "Pour l'I.S.F. demain".Substring(span.Start, span.Length));
    }

    [Fact]
    public void Words_a_stemmer_joins_keep_their_senses_and_adjacent_words_count_as_a_phrase()
    {
        var analyzer = new FrenchSearchAnalyzer();
        // the stemmer joins them; the exact field does not
        Assert.Equal(analyzer.Terms("isolement"), analyzer.Terms("isolation"));
        Assert.NotEqual(analyzer.Analyse("isolement", FrenchSearchAnalyzer.ExactField)[0].Term, analyzer.Analyse("isolation", FrenchSearchAnalyzer.ExactField)[0].Term);

        using var index = LexicalIndex.InMemory();
        index.Add([
            new LexicalDocument(1, "L'isolation des combles et des murs réduit la facture.", P(40)),
            new LexicalDocument(2, "L'isolement des personnes âgées pèse sur le quartier.", P(41)),
            new LexicalDocument(3, "La pension alimentaire n'est pas versée, l'aide manque.", P(42)),
            new LexicalDocument(4, "Une aide alimentaire pour les familles du quartier.", P(43)),
            new LexicalDocument(5, "Les emballages alimentaires et l'aide au tri.", P(44))]);
        Assert.Equal(2, index.Search("isolement", 10)[0].PassageId);
        Assert.Equal(1, index.Search("isolation des murs", 10)[0].PassageId);
        // all three have « aide » and « alimentaire » by stem; only one says « aide alimentaire »
        var food = index.Search("aide alimentaire", 10);
        Assert.Equal(4, food[0].PassageId);
        Assert.Equal(3, food.Count(h => h.PassageId is 3 or 4 or 5));
        Assert.Equal(3, index.Search("pension alimentaire", 10)[0].PassageId);
    }

    [Fact]
    public void A_typo_is_read_as_the_form_the_passages_write_most_not_the_first_of_its_stem()
    {
        using var index = LexicalIndex.InMemory();
        index.Add([
            new LexicalDocument(1, "Le logement social manque.", P(50)),
            new LexicalDocument(2, "Un logement trop cher.", P(51)),
            new LexicalDocument(3, "En logeant chez des amis.", P(52)),
            new LexicalDocument(4, "La fiscalité locale est injuste.", P(53))]);
        var lexicon = TestPipeline.Models.Spelling;
        // « logeant » and « logement » are one edit away and share a stem: the passages write « logement » more
        Assert.Equal("logement", Assert.Single(index.Correct("logemant", lexicon).Corrections).SearchedAs);
        // a stem the passages have (« fiscalitée » searches as « fiscalité » already): shown corrected all the same
        Assert.Equal("fiscalité", Assert.Single(index.Correct("fiscalitée", lexicon).Corrections).SearchedAs);
    }

    [Fact]
    public void A_misspelt_query_word_searches_as_the_nearest_french_word_the_passages_use()
    {
        using var index = LexicalIndex.InMemory();
        index.Add([
            new LexicalDocument(1, "La pollution de l'air près des écoles inquiète les parents.", P(30)),
            new LexicalDocument(2, "Les reventes de matériel sont trop rares à Chartres.", P(31)),
            new LexicalDocument(3, "Le stockage des déchets pose problème.", P(32))]);
        // Without a lexicon the typo matches nothing.
        Assert.Empty(index.Search("polution", 10));
        Assert.Empty(index.Correct("polution", new Lazy<Synthesis.Nlp.French.FrenchSpelling?>(() => null)).Corrections);

        var lexicon = TestPipeline.Models.Spelling;
        IReadOnlyList<SpellingCorrection> Corrections(string query) => index.Correct(query, lexicon).Corrections;
        Assert.Empty(index.Search("polution", 10)); // the index searches words as given; the correction is a step of its own
        var hit = Assert.Single(index.Search(index.Correct("polution", lexicon).Text, 10));
        Assert.Equal(1L, hit.PassageId);
        Assert.Equal("pollution", "La pollution de l'air près des écoles inquiète les parents.".Substring(hit.Highlights[0].Start, hit.Highlights[0].Length));
        Assert.Equal([new SpellingCorrection("polution", "pollution"), new SpellingCorrection("stokage", "stockage")], Corrections("la polution et le stokage"));
        Assert.Equal("la pollution et le stockage", index.Correct("la polution et le stokage", lexicon).Text);
        Assert.Equal("l'pollution ?", index.Correct("l'polution ?", lexicon).Text); // the elided article stays as written
        Assert.Equal("rien à corriger", index.Correct("rien à corriger", lexicon).Text);
        Assert.Equal("la pollution, la pollution", index.Correct("la polution, la polution", lexicon).Text);
        Assert.Single(Corrections("la polution, la polution"));
        // A real French word the passages do not use is not turned into one they do ("ventes" stays "ventes", though
        // "reventes" is near), nor is a capitalised name inside a sentence, nor a stop word.
        Assert.Empty(Corrections("des ventes"));
        Assert.NotEmpty(Corrections("madame polution a écrit"));
        Assert.Empty(Corrections("madame Polution a écrit"));
        Assert.NotEmpty(Corrections("Polution des écoles"));   // capitalised as the query's first word: corrected
        Assert.Empty(Corrections("parce que"));
        // A word the passages have is never corrected, however close to another.
        Assert.Empty(Corrections("reventes à Chartres"));
    }

    [Fact]
    public void Finds_by_stem_and_ranks_by_bm25()
    {
        using var index = Filled();
        var hits = index.Search("écoles et crèches", 10);
        Assert.Equal([1L, 2L], hits.Select(h => h.PassageId).Order().ToList());
        Assert.True(hits[0].Score >= hits[1].Score);
        Assert.Empty(index.Search("", 10));
        Assert.Empty(index.Search("le la les", 10)); // only stop words
    }

    [Fact]
    public void Negation_words_are_searchable()
    {
        using var index = Filled();
        var hits = index.Search("pas de logement", 10);
        Assert.Equal(3, hits[0].PassageId); // "pas" counts: the negative one comes first
    }

    [Fact]
    public void Highlights_the_matched_words_in_the_original_text()
    {
        using var index = Filled();
        var hit = index.Search("ecole", 10).Single(h => h.PassageId == 1);
        var text = Docs[0].Text;
        Assert.Equal(["écoles"], hit.Highlights.Select(s => text.Substring(s.Start, s.Length)).ToList());
        Assert.Equal("Les <b>écoles</b> du quartier manquent de places en crèche.", LexicalIndex.Mark(text, hit.Highlights));
        var spans = index.Highlight("Il faut ouvrir une nouvelle école", "écoles nouvelles");
        Assert.Equal(2, spans.Count);
    }

    public static TheoryData<string, long[]> FilterCases() => new()
    {
        { "question", [1, 3] },
        { "sentiment", [1, 3] },
        { "neighbourhood", [3] },
        { "date", [3, 5] },
        { "channel", [3] },
        { "topic", [3, 5] },
        { "exclude", [5] },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filters_inside_the_search(string name, long[] expected)
    {
        using var index = Filled();
        var filter = name switch
        {
            "question" => new SearchFilter(Questions: [QuestionType.Problem]),
            "sentiment" => new SearchFilter(Sentiments: [Sentiment.Negative]),
            "neighbourhood" => new SearchFilter(Neighbourhoods: ["FIVES"], Topics: [2]),
            "date" => new SearchFilter(From: new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero)),
            "channel" => new SearchFilter(Channels: [Channel.Workshop]),
            "topic" => new SearchFilter(Topics: [2]),
            "exclude" => new SearchFilter(Topics: [2], ExcludeContributions: [12]),
            _ => throw new ArgumentException(name),
        };
        var query = "écoles crèches logement quartier";
        var hits = index.Search(query, 10, filter);
        Assert.Equal(expected, hits.Select(h => h.PassageId).Order().ToArray());
        // Same as filtering the documents by hand.
        var byHand = Docs.Where(d => filter.Matches(d.PassageId, d.Payload)).Select(d => d.PassageId).ToHashSet();
        Assert.All(hits, h => Assert.Contains(h.PassageId, byHand));
    }

    [Fact]
    public void Updates_and_deletes_by_passage_id()
    {
        using var index = Filled();
        index.Update([Docs[0] with { Text = "Plus de pistes cyclables." }]);
        Assert.Equal(5, index.Count);
        Assert.DoesNotContain(index.Search("écoles", 10), h => h.PassageId == 1);
        Assert.Equal(1, index.Search("cyclable", 10).Single().PassageId);
        index.Delete([1, 2, 42]);
        Assert.Equal(3, index.Count);
        Assert.Empty(index.Search("cyclable école", 10));
        Assert.Null(index.GetText(1));
        Assert.Equal(Docs[2].Text, index.GetText(3));
    }

    [Fact]
    public void Persists_in_a_folder_after_commit()
    {
        var folder = TestData.TempDir();
        using (var index = LexicalIndex.Open(folder))
        {
            index.Add(Docs);
            index.Commit();
        }
        using (var reopened = LexicalIndex.Open(folder))
        {
            Assert.Equal(5, reopened.Count);
            Assert.Equal(3, reopened.Search("logement", 10, new SearchFilter(Sentiments: [Sentiment.Negative])).Single().PassageId);
            reopened.Delete([3]);
            reopened.Commit();
        }
        using var again = LexicalIndex.Open(folder);
        Assert.Equal(4, again.Count);
    }

    [Fact]
    public void A_topic_changes_in_place_and_topic_filters_see_it_at_once()
    {
        using var index = Filled();
        var query = "écoles crèches logement quartier";
        var topic2 = new SearchFilter(Topics: [2]);
        var problems2 = new SearchFilter(Questions: [QuestionType.Problem], Topics: [2]);
        Assert.Equal([3L, 5L], index.Search(query, 10, topic2).Select(h => h.PassageId).Order());
        Assert.Equal([3L], index.Search(query, 10, problems2).Select(h => h.PassageId));
        var before = index.MaxDoc;

        // passage 1 moves to topic 2, passage 3 loses its topic: no document is re-added (MaxDoc counts replaced ones too)
        index.UpdateTopics([(1, 2), (3, null)]);
        Assert.Equal([1L, 5L], index.Search(query, 10, topic2).Select(h => h.PassageId).Order());
        Assert.Equal([1L], index.Search(query, 10, problems2).Select(h => h.PassageId));
        Assert.Equal(before, index.MaxDoc);
        Assert.Equal(5, index.Count);
        // the text and the other fields are untouched
        Assert.Equal([1L, 2L], index.Search("écoles et crèches", 10).Select(h => h.PassageId).Order());
        Assert.Equal(Docs[0].Text, index.GetText(1));
        Assert.Empty(index.Search(query, 10, new SearchFilter(Topics: [42])));
    }

    [Fact]
    public void An_index_of_an_older_layout_reports_no_watermark_so_that_it_is_rebuilt()
    {
        var folder = TestData.TempDir();
        using (var index = LexicalIndex.Open(folder))
        {
            index.Add(Docs);
            index.Commit(watermark: new ChangeMark(7, 3), model: "m@1");
            Assert.Equal(new ChangeMark(7, 3), index.CommittedMark);
        }
        // the same commit without the layout key, as an index written before it existed
        using (var directory = Lucene.Net.Store.FSDirectory.Open(folder))
        using (var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, new FrenchSearchAnalyzer())))
        {
            writer.SetCommitData(new Dictionary<string, string> { [LexicalIndex.WatermarkKey] = "7", [LexicalIndex.ModelKey] = "m@1" });
            writer.Commit();
        }
        using var old = LexicalIndex.Open(folder);
        Assert.Equal(default, old.CommittedMark);
    }
}
