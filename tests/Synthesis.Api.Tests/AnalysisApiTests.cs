using System.Net;
using Dapper;
using System.Text.Json.Nodes;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

/// <summary>Search, topics, the three questions and jobs, read through the API by an analyst.</summary>
[Collection(ApiCollection.Name)]
public sealed class AnalysisApiTests(ApiFactory factory)
{
    HttpClient Analyst => factory.As(Roles.Analyst);

    [Fact]
    public async Task Search_finds_passages_by_meaning_and_words_with_highlights_and_metadata()
    {
        var json = await Analyst.GetJson("/api/search?q=" + Uri.EscapeDataString("personnes âgées isolées") + "&k=10");
        var results = json["results"]!.AsArray();
        Assert.NotEmpty(results);
        Assert.Contains(results, r => ((string)r!["text"]!).Contains("âgées", StringComparison.OrdinalIgnoreCase));
        var first = results[0]!;
        Assert.NotEmpty(first["highlights"]!.AsArray());
        var h = first["highlights"]![0]!;
        Assert.InRange((int)h["start"]! + (int)h["length"]!, 1, ((string)first["text"]!).Length);
        Assert.NotNull((string?)first["channel"]);
    }

    [Fact]
    public async Task A_misspelt_word_is_searched_as_the_french_word_and_reported()
    {
        var plain = await Analyst.GetJson("/api/search?q=" + Uri.EscapeDataString("personnes âgées isolées") + "&k=10&mode=bm25");
        Assert.Empty(plain["corrections"]!.AsArray());
        var json = await Analyst.GetJson("/api/search?q=" + Uri.EscapeDataString("personnes âgées isollées") + "&k=10&mode=bm25");
        var correction = Assert.Single(json["corrections"]!.AsArray())!;
        Assert.Equal("isollées", (string)correction["word"]!);
        Assert.Equal("isolées", (string)correction["searched_as"]!);
        // Same words searched, so the same passages in the same order.
        Assert.Equal(plain["results"]!.AsArray().Select(r => (long)r!["passage_id"]!), json["results"]!.AsArray().Select(r => (long)r!["passage_id"]!));
    }

    [Fact]
    public async Task Search_filters_apply_to_every_result()
    {
        var json = await Analyst.GetJson("/api/search?q=logement&question=problem,solution&neighbourhood=Bellevue,Malakoff&k=50");
        var results = json["results"]!.AsArray();
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Contains((string)r!["question"]!, new[] { "problem", "solution" }));
        Assert.All(results, r => Assert.Contains((string)r!["neighbourhood"]!, new[] { "Bellevue", "Malakoff" }));
        var dated = await Analyst.GetJson("/api/search?q=aide&from=2022-04-01&to=2022-04-30&k=50");
        Assert.All(dated["results"]!.AsArray(), r => Assert.StartsWith("2022-04", (string)r!["date"]!));
    }

    [Theory]
    [InlineData("/api/search", "q")]
    [InlineData("/api/search?q=x&mode=magic", "mode")]
    [InlineData("/api/search?q=x&sentiment=furious", "sentiment")]
    [InlineData("/api/search?q=x&topic=abc", "topic")]
    [InlineData("/api/search?q=x&k=5000", "k")]
    public async Task Bad_search_parameters_are_400s_naming_the_field(string url, string field)
    {
        using var response = await Analyst.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (string)(await response.Json())["field"]!);
    }

    [Fact]
    public async Task More_like_this_returns_other_contributions()
    {
        var hit = (await Analyst.GetJson("/api/search?q=aide%20alimentaire&k=1"))["results"]![0]!;
        var similar = (await Analyst.GetJson($"/api/passages/{(long)hit["passage_id"]!}/similar?k=5"))["results"]!.AsArray();
        Assert.NotEmpty(similar);
        Assert.All(similar, s => Assert.NotEqual((long)hit["contribution_id"]!, (long)s!["contribution_id"]!));
        using var missing = await Analyst.GetAsync("/api/passages/99999999/similar");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_topic_map_is_a_hierarchy_whose_counts_add_up()
    {
        var map = await Analyst.GetJson("/api/topics");
        var themes = map["themes"]!.AsArray();
        Assert.InRange(themes.Count, 3, 60);
        long total = 0;
        foreach (var t in themes)
        {
            var size = (long)t!["size"]!;
            total += size;
            Assert.Equal(size, t["questions"]!.AsObject().Sum(kv => (long)kv.Value!));
            Assert.Equal(size, t["sentiments"]!.AsObject().Sum(kv => (long)kv.Value!));
            var children = t["children"]!.AsArray();
            if (children.Count > 0) Assert.True(children.Sum(ch => (long)ch!["size"]!) <= size);
        }
        Assert.Equal((long)map["passages"]! - (long)map["unassigned"]!, total);
    }

    [Fact]
    public async Task A_theme_page_on_one_question_shows_passages_that_answer_that_question()
    {
        var themes = (await Analyst.GetJson("/api/topics"))["themes"]!.AsArray();
        var checkedTabs = 0;
        foreach (var t in themes.Take(4))
            foreach (var question in new[] { "problem", "engagement", "solution" })
            {
                var answering = t!["questions"]![question] is { } n ? (long)n : 0;
                if (answering == 0) continue;
                var html = await Analyst.GetStringAsync($"/themes/{(long)t["id"]!}?question={question}");
                var section = html.Split("<h2>Passages représentatifs")[1].Split("</section>")[0];
                var quotes = System.Text.RegularExpressions.Regex.Matches(section, "<blockquote class=\"quote\"(.*?)</blockquote>",
                    System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
                // as many as the theme has (5 at most when the theme shows 5), every one of them of that question
                Assert.InRange(quotes.Count, Math.Min(answering, 2), 20);
                Assert.All(quotes, q => Assert.Contains($"class=\"badge q-{question}", q));
                checkedTabs++;
            }
        Assert.True(checkedTabs >= 3, "the demo's first themes should answer the questions");

        // a tab of a question no passage of the topic answers says so, instead of empty headings
        var topics = themes.SelectMany(t => new[] { t! }.Concat(t!["children"]!.AsArray().Select(ch => ch!)));
        var (empty, none) = topics.SelectMany(t => new[] { "problem", "engagement", "solution" }.Select(q => (Topic: t, Question: q)))
            .First(x => x.Topic["questions"]![x.Question] is not { } n || (long)n == 0);
        var page = WebUtility.HtmlDecode(await Analyst.GetStringAsync($"/themes/{(long)empty["id"]!}?question={none}"));
        Assert.Contains("Aucun passage de ce thème ne répond à la question", page);
        Assert.DoesNotContain("<h2>Passages représentatifs", page);
    }

    [Fact]
    public async Task A_topic_has_a_cited_summary_quotes_breakdowns_and_duplicate_flags()
    {
        var theme = (await Analyst.GetJson("/api/topics"))["themes"]![0]!;
        var id = (long)theme["id"]!;
        var detail = await Analyst.GetJson($"/api/topics/{id}");
        var members = new HashSet<long>();
        var page = 1;
        while (true)
        {
            var passages = await Analyst.GetJson($"/api/topics/{id}/passages?page={page}&page_size=200");
            foreach (var p in passages["items"]!.AsArray()) members.Add((long)p!["id"]!);
            if (page * 200 >= (long)passages["total"]!) break;
            page++;
        }
        Assert.Equal((long)theme["size"]!, members.Count);
        var sentences = detail["summary"]!["sentences"]!.AsArray();
        Assert.InRange(sentences.Count, 1, 7);
        Assert.All(sentences, s => Assert.All(s!["citations"]!.AsArray(), cite => Assert.Contains((long)cite!["id"]!, members)));
        Assert.All(detail["representatives"]!.AsArray(), r => Assert.Contains((long)r!["id"]!, members));
        foreach (var dim in new[] { "question", "sentiment", "profile", "neighbourhood", "channel" })
            Assert.Equal(members.Count, detail["breakdowns"]![dim]!["counts"]!.AsObject().Sum(kv => (long)kv.Value!));
        Assert.NotNull(detail["duplicates"]);
        using var missing = await Analyst.GetAsync("/api/topics/424242");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_three_questions_have_leading_topics_quotes_and_what_is_new_since_a_date()
    {
        var json = await Analyst.GetJson("/api/questions?since=2022-04-01");
        var questions = json["questions"]!.AsArray();
        Assert.Equal(new[] { "problem", "engagement", "solution" }, questions.Select(q => (string)q!["question"]!));
        foreach (var q in questions)
        {
            Assert.True((long)q!["count"]! > 0);
            Assert.InRange((long)q["since"]!, 0, (long)q["count"]!);
            Assert.All(q["quotes"]!.AsArray(), p => Assert.Equal((string)q["question"]!, (string)p!["question"]!));
            var leading = q["leading_topics"]!.AsArray().Select(t => (long)t!["count"]!).ToList();
            Assert.Equal(leading.OrderByDescending(n => n), leading);
        }
        // Every Nantes contribution of April and May is after the date; the Make.org ones have no date.
        var solutions = questions.First(q => (string)q!["question"]! == "solution")!;
        Assert.True((long)solutions["since"]! > 0);
    }

    [Fact]
    public async Task The_home_page_counts_the_uncertain_tones_and_question_types_and_says_what_uncertain_means()
    {
        var home = WebUtility.HtmlDecode(await Analyst.GetStringAsync("/")).Replace('\u00a0', ' ').Replace('\u202f', ' ');
        var note = System.Text.RegularExpressions.Regex.Match(home,
            "Ton incertain pour ([\\d ]+) passages \\(la machine en est sûre à moins de 60 %\\) ; type de question incertain pour ([\\d ]+) passages, « autres » compris \\(sûre à moins de 80 %\\)\\.");
        Assert.True(note.Success, "the home page should state both counts and both thresholds");
        long Number(int group) => long.Parse(note.Groups[group].Value.Replace(" ", ""));
        using (var c = factory.Store.Connect())
        {
            Assert.Equal(Store.QuestionOverview.UncertainTones(c), Number(1));
            Assert.Equal(Store.QuestionOverview.UncertainQuestions(c), Number(2));
        }
        // the three questions' own « dont N de type incertain » are part of the question-type count (which also holds « autre »)
        var perQuestion = System.Text.RegularExpressions.Regex.Matches(home, "([\\d ]+) de type incertain</span>").Sum(m => long.Parse(m.Groups[1].Value.Replace(" ", "")));
        Assert.InRange(perQuestion, 1, Number(2));
        // the three questions and the « autres » the page names add up to the passages it says were analysed
        var totals = System.Text.RegularExpressions.Regex.Match(home, "([\\d ]+) passages analysés, dont ([\\d ]+) qui ne répondent à aucune des trois questions");
        Assert.True(totals.Success, "the home page should say how many passages answer none of the three questions");
        var sections = System.Text.RegularExpressions.Regex.Matches(home, "<p class=\"count\">([\\d ]+) passages").Sum(m => long.Parse(m.Groups[1].Value.Replace(" ", "")));
        Assert.Equal(long.Parse(totals.Groups[1].Value.Replace(" ", "")), sections + long.Parse(totals.Groups[2].Value.Replace(" ", "")));
        // and both figures are the store's: every analysed passage, and those of no question
        using (var c = factory.Store.Connect())
        {
            Assert.Equal(c.ExecuteScalar<long>("SELECT count(*) FROM reviewed_passages WHERE analysed AND outlier = 0"), long.Parse(totals.Groups[1].Value.Replace(" ", "")));
            Assert.Equal(c.ExecuteScalar<long>("SELECT count(*) FROM reviewed_passages WHERE analysed AND outlier = 0 AND (question IS NULL OR question = 'other')"),
                long.Parse(totals.Groups[2].Value.Replace(" ", "")));
        }
    }

    [Fact]
    public async Task Jobs_show_each_stage_and_why_recordings_wait()
    {
        var jobs = await Analyst.GetJson("/api/jobs");
        var stages = jobs["stages"]!.AsArray().Select(s => (string)s!["stage"]!).ToList();
        Assert.Contains("segment", stages);
        Assert.Contains("corpus", stages);
        var transcribe = jobs["stages"]!.AsArray().First(s => (string)s!["stage"]! == "transcribe")!;
        Assert.Equal(1, (long)transcribe["parked"]!);
        Assert.Contains("whisper", (string)jobs["summary"]!["parked"]![0]!["reason"]!, StringComparison.OrdinalIgnoreCase);
        var page = await Analyst.GetStringAsync("/taches");
        Assert.Contains("Aucun modèle de transcription (Whisper)", page);
        // the page follows the run: its table comes again alone (no layout), saying whether work is left
        Assert.Contains("data-live=\"/taches?handler=Etat\"", page);
        Assert.Contains("<script src=\"/static/live.js\" defer></script>", page);
        var fragment = await Analyst.GetStringAsync("/taches?handler=Etat");
        Assert.DoesNotContain("<html", fragment);
        // busy exactly when some task waits, runs or waits for another try (other tests of the fixture queue some)
        var open = jobs["stages"]!.AsArray().Sum(st => (long)st!["pending"]! + (long)st["running"]! + (long)st["failed"]!);
        Assert.StartsWith(open > 0 ? "<div data-busy=\"true\" data-status=\"Analyse en cours : "
            : "<div data-busy=\"false\" data-status=\"L&#x27;analyse est faite pour tout ce qui peut l&#x27;être", fragment.TrimStart());
        Assert.Contains("<table class=\"list\" id=\"stages\">", fragment);
        Assert.Contains("Aucun modèle de transcription (Whisper)", fragment);
        // where the model lies on the server is the administrator's business: analysts read what is missing and who
        // installs it, on the page and in the API
        var admin = factory.As(Roles.Admin);
        var folder = System.Text.RegularExpressions.Regex.Match((string)(await admin.GetJson("/api/jobs"))["summary"]!["parked"]![0]!["reason"]!, "^no Whisper model at (.+?): ").Groups[1].Value;
        Assert.NotEmpty(folder);
        Assert.Equal("no Whisper model is installed on the server: an administrator installs one (Administration, transcription models)",
            (string)jobs["summary"]!["parked"]![0]!["reason"]!);
        Assert.DoesNotContain(folder, (await Analyst.GetJson("/api/status")).ToJsonString());
        Assert.Contains(folder, (await admin.GetJson("/api/status")).ToJsonString());
        Assert.DoesNotContain(folder, page);
        Assert.DoesNotContain(folder, fragment);
        Assert.Contains("n'est installé sur le serveur : un administrateur l'installe depuis la page Administration", WebUtility.HtmlDecode(page));
        Assert.Contains(folder, WebUtility.HtmlDecode(await admin.GetStringAsync("/taches")));
    }

    [Fact]
    public void The_run_progress_names_the_first_stage_with_work_left_and_counts_the_open_stages_tasks()
    {
        var summary = new StoreSummary(10, 20, new JobCounts(0, 0, 0, 0, 0), []);
        var jobs = new Apis.JobsResponse(summary, [new("transcribe", 0, 0, 0, 0, 2), new("analyse", 3, 1, 6, 0, 0), new("corpus", 1, 0, 0, 0, 0)]);
        var progress = Pages.RunProgress.Of(jobs);
        Assert.True(progress.Busy);
        Assert.Equal((6L, 11L), (progress.Done, progress.Total));
        Assert.Equal("Analyse en cours : analyse des passages, 6 tâches faites sur 11 (2 étapes restent).", progress.Sentence);
        // a task failed and waiting for its next try is work left; a parked one waits for a person
        Assert.True(Pages.RunProgress.Of(new Apis.JobsResponse(summary, [new("index", 0, 0, 5, 1, 0)])).Busy);
        var parked = Pages.RunProgress.Of(new Apis.JobsResponse(summary, [new("transcribe", 0, 0, 0, 0, 2), new("corpus", 0, 0, 1, 0, 0)]));
        Assert.False(parked.Busy);
        Assert.Contains("suspendues", parked.Sentence);
    }

    [Fact]
    public async Task A_theme_chosen_as_a_search_filter_finds_the_passages_of_its_sub_themes()
    {
        var map = await Analyst.GetJson("/api/topics");
        var theme = map["themes"]!.AsArray().First(t => t!["children"]!.AsArray().Count > 0)!;
        var members = theme["children"]!.AsArray().Select(ch => (long)ch!["id"]!).Append((long)theme["id"]!).ToHashSet();
        // a word the theme's own label gives, so that some of its passages hold it
        var word = ((string)theme["keywords"]!.AsArray()[0]!);
        var found = await Analyst.GetJson($"/api/search?q={Uri.EscapeDataString(word)}&mode=bm25&topic={(long)theme["id"]!}");
        var results = found["results"]!.AsArray();
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Contains((long)r!["topic_id"]!, members));
        Assert.True((long)found["matching"]! >= results.Count);
    }

    [Fact]
    public async Task A_recording_waiting_for_the_model_says_why_and_sends_to_the_admin_page()
    {
        // the fixture's recording again, as a contribution of its own whose transcription waits for the model (the
        // fixture's may have been given passages by another test); removed afterwards, so that the fixture keeps
        // one parked transcription
        long recording;
        using (var c = factory.Store.Connect())
        {
            recording = c.ScalarLong("""
                INSERT INTO contributions(consultation, external_ref, content_hash, channel, author_kind, profile, text, media, original_sha256, original_name, imported_at)
                SELECT consultation, 'enregistrement-en-attente', 'enregistrement-en-attente', channel, author_kind, profile, '', 'audio', original_sha256, original_name, imported_at
                FROM contributions WHERE media = 'audio' AND original_sha256 IS NOT NULL ORDER BY id LIMIT 1 RETURNING id
                """);
            c.Execute("""
                INSERT INTO jobs(stage, subject, state, blocked_on, last_error, updated_at)
                VALUES ('transcribe', $r, 'parked', 'model:whisper', 'no Whisper model at /d/models/ggml-base.bin: run `synthesis models pull whisper-base` or set Synthesis:Whisper:Model', 0)
                """, null, ("$r", recording));
        }
        try
        {
            var page = System.Net.WebUtility.HtmlDecode(await factory.As(Roles.Reviewer).GetStringAsync($"/contributions/{recording}"));
            Assert.Contains("<audio class=\"player wide\" controls", page);
            Assert.Contains("l'enregistrement attend sa transcription, car le modèle de transcription (Whisper) n'est pas installé sur le serveur", page);
            // a reviewer is told who installs it, without the server's paths or a link to a page refused to them
            Assert.Contains("Un administrateur l'installe depuis la page Administration", page);
            Assert.DoesNotContain("/d/models", page);
            Assert.DoesNotContain("href=\"/admin", page);
            Assert.DoesNotContain("synthesis models pull", page);
            // an admin is sent to the models section
            var admin = System.Net.WebUtility.HtmlDecode(await factory.As(Roles.Admin).GetStringAsync($"/contributions/{recording}"));
            Assert.Contains("href=\"/admin#modeles-section\"", admin);
        }
        finally
        {
            using var c = factory.Store.Connect();
            c.Execute("DELETE FROM jobs WHERE subject = $r AND stage = 'transcribe'", null, ("$r", recording));
            c.Execute("DELETE FROM contributions WHERE id = $r", null, ("$r", recording));
        }
    }

    [Fact]
    public async Task A_photo_whose_text_cannot_be_read_says_why_on_its_page()
    {
        // a photo whose reading failed for good (a job parked with no prerequisite to wait for: the worker never
        // releases it); in a stage the fixture parks nothing in, so the recording stays the only parked transcription
        long photo;
        using (var c = factory.Store.Connect())
        {
            photo = c.ScalarLong("""
                INSERT INTO contributions(consultation, external_ref, content_hash, channel, author_kind, profile, text, media, imported_at)
                SELECT consultation, 'photo-en-attente', 'photo-en-attente', channel, author_kind, profile, '', 'image', imported_at
                FROM contributions LIMIT 1 RETURNING id
                """);
            c.Execute("""
                INSERT INTO jobs(stage, subject, state, blocked_on, last_error, updated_at)
                VALUES ('ocr', $p, 'parked', NULL, 'the image cannot be read (unknown format): it may be corrupt; the original is kept', 0)
                """, null, ("$p", photo));
        }
        var page = System.Text.RegularExpressions.Regex.Replace(
            System.Net.WebUtility.HtmlDecode(await Analyst.GetStringAsync($"/contributions/{photo}")), @"\s+", " ");
        Assert.Contains("Pas encore de passages : la lecture du texte de l'image a échoué", page);
        Assert.Contains("L'image ne peut pas être lue (unknown format)", page);
        Assert.Contains("Un administrateur peut corriger la cause", page);
    }

    [Fact]
    public async Task The_result_count_says_what_the_word_search_looked_for_and_words_too_common_to_index_are_named_as_such()
    {
        // « je » is in many of the fixture's passages, and among the index's stop words
        using (var c = factory.Store.Connect())
            Assert.True(c.ExecuteScalar<long>("SELECT COUNT(*) FROM passages WHERE ' ' || lower(text) || ' ' LIKE '% je %'") > 5);
        string Page(string html) => System.Text.RegularExpressions.Regex.Replace(System.Net.WebUtility.HtmlDecode(html), @"\s+", " ");
        var hybrid = Page(await Analyst.GetStringAsync("/recherche?q=je"));
        // the built-in model reads « je » as nothing too: no passage is closer than another, so none is listed
        Assert.Contains("Aucun résultat", hybrid);
        Assert.Contains("« je » : ce mot est trop courant pour être cherché, par les mots comme par le sens. Ajoutez un mot plus précis.", hybrid);
        Assert.DoesNotContain("aucun passage ne contient ces mots", hybrid);
        var words = Page(await Analyst.GetStringAsync("/recherche?q=je&mode=bm25"));
        Assert.Contains("Aucun résultat", words);
        Assert.Contains("« je » : ce mot est trop courant pour la recherche par les mots. Ajoutez un mot plus précis, ou cherchez par le sens.", words);
        Assert.Contains("« je les » : ces mots sont trop courants pour être cherchés", Page(await Analyst.GetStringAsync("/recherche?q=" + Uri.EscapeDataString("je les"))));
        // a word the index holds but no passage does is still told apart
        var absent = Page(await Analyst.GetStringAsync("/recherche?q=zythogramme"));
        Assert.DoesNotContain("trop courant", absent);
        Assert.Matches("Aucun passage ne contient ce mot ; les [\\d ]+ passages les plus proches par le sens, qui peuvent parler d'autre chose", absent);
        // under a filter, the page says the passages it kept hold none
        Assert.Contains("Aucun passage retenu par les filtres ne contient ce mot ; les ", Page(await Analyst.GetStringAsync("/recherche?q=zythogramme&channel=forum")));
        // several words: the word search finds passages holding any of them, and the page says so
        var several = Page(await Analyst.GetStringAsync("/recherche?q=" + Uri.EscapeDataString("personnes âgées isolées")));
        Assert.Matches("[1-9][\\d ]* passages contiennent au moins un de ces mots ; avec les passages proches par le sens, (les [\\d ]+ meilleurs résultats|[\\d ]+ résultats)(, dont [\\d ]+ qui ne contiennent aucun de ces mots et peuvent parler d'autre chose)?, par pertinence", several);
        // a rare word: the many results found by meaning alone are said to be possibly about something else
        var rare = Page(await Analyst.GetStringAsync("/recherche?q=covoiturage"));
        var count = System.Text.RegularExpressions.Regex.Match(rare, "([\\d ]+) passages? contien(?:nen)?t ce mot ; avec les passages proches par le sens, les ([\\d ]+) meilleurs résultats, dont ([\\d ]+) qui ne contiennent pas ce mot et peuvent parler d'autre chose, par pertinence");
        Assert.True(count.Success, "the rare word's count sentence");
        static int N(string s) => int.Parse(s.Replace(" ", "").Replace("\u202f", ""));
        Assert.Equal(N(count.Groups[2].Value) - N(count.Groups[1].Value), N(count.Groups[3].Value));
    }

    [Fact]
    public void A_result_that_repeats_an_earlier_ones_text_is_marked_as_a_copy()
    {
        // the walk-through read « Cela a permis à la puissance publique… » twice in a row (contributions 1148 and 1149)
        static Apis.SearchResult R(long passage, long contribution, string text) => new(passage, contribution, text, 1, [], null, null, null, null,
            ParticipantProfile.PersonConcerned, null, Channel.Platform, PassageSource.Text, null, null, null, null, null);
        var copies = Pages.RechercheModel.CopiesOf([R(1, 10, "Le racket fiscal continue."), R(2, 11, "Il faut des bancs."), R(3, 12, "le racket  fiscal continue."),
            R(4, 11, "Il faut des bancs.")]);
        Assert.Equal([3L], copies.Keys); // another contribution's same words; a contribution repeating itself is left alone
        Assert.Equal(10, copies[3].ContributionId);
    }

    [Fact]
    public async Task A_search_that_finds_nothing_says_why_when_a_filter_cannot_match()
    {
        var page = System.Net.WebUtility.HtmlDecode(await Analyst.GetStringAsync("/recherche?q=logement&channel=email"));
        Assert.Contains("Aucun résultat", page);
        Assert.Contains("Aucune contribution n'est arrivée par le canal « courriel » : ce filtre ne peut rien trouver.", page);
        Assert.Contains("Pour élargir", page);
        // a search with results shows no such advice
        Assert.DoesNotContain("Pour élargir", System.Net.WebUtility.HtmlDecode(await Analyst.GetStringAsync("/recherche?q=logement")));
    }

    [Fact]
    public async Task The_search_page_lists_every_neighbourhood_and_channel_with_its_count_the_most_frequent_first()
    {
        var page = System.Net.WebUtility.HtmlDecode(await Analyst.GetStringAsync("/recherche"));
        List<(string Value, long Count)> expected;
        using (var c = factory.Store.Connect())
        using (var command = c.Command("SELECT neighbourhood, count(*) FROM contributions WHERE neighbourhood IS NOT NULL GROUP BY 1"))
        using (var reader = command.ExecuteReader())
        {
            expected = [];
            while (reader.Read()) expected.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        var datalist = System.Text.RegularExpressions.Regex.Match(page, "<datalist id=\"quartiers\">(.*?)</datalist>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var listed = System.Text.RegularExpressions.Regex.Matches(datalist, "<option value=\"([^\"]*)\" label=\"([\\d\\s\u202f\u00a0]+) contributions?\"")
            .Select(m => (Value: m.Groups[1].Value, Count: long.Parse(new string(m.Groups[2].Value.Where(char.IsDigit).ToArray())))).ToList();
        // every value (none cut at a limit), each with its count, the most frequent first
        Assert.True(expected.Count >= 5, $"only {expected.Count} neighbourhoods in the fixture");
        Assert.Equal(expected.OrderBy(e => e.Value, StringComparer.Ordinal), listed.OrderBy(e => e.Value, StringComparer.Ordinal));
        Assert.Equal(listed.Select(l => l.Count).OrderByDescending(n => n), listed.Select(l => l.Count));
        // channels with their counts, a channel nobody used shown with 0 (which says why filtering on it finds nothing)
        Assert.Matches(@"plateforme en ligne \([\d\s\u202f\u00a0]+\)", page);
        Assert.Contains("courriel (0)", page);
    }

    [Fact]
    public async Task Dates_are_typed_and_shown_the_french_way_whatever_the_browser_and_a_wrong_one_is_named()
    {
        // no native date field (a browser set to English shows mm/dd/yyyy in one)
        var blank = await Analyst.GetStringAsync("/recherche");
        Assert.DoesNotContain("type=\"date\"", blank);
        Assert.Contains("placeholder=\"jj/mm/aaaa\"", blank);
        Assert.DoesNotContain("type=\"date\"", await Analyst.GetStringAsync("/"));

        var french = System.Net.WebUtility.HtmlDecode(await Analyst.GetStringAsync("/recherche?q=aide&from=01/04/2022&to=30/04/2022"));
        var iso = System.Net.WebUtility.HtmlDecode(await Analyst.GetStringAsync("/recherche?q=aide&from=2022-04-01&to=2022-04-30"));
        static List<string> Passages(string page) => System.Text.RegularExpressions.Regex.Matches(page, "data-passage=\"(\\d+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(Passages(french));
        Assert.Equal(Passages(iso), Passages(french));
        Assert.Contains("value=\"01/04/2022\"", french);
        Assert.All(System.Text.RegularExpressions.Regex.Matches(french, "avr\\. 2022|mars 2022|mai 2022").Select(m => m.Value), d => Assert.Equal("avr. 2022", d));

        var wrong = System.Net.WebUtility.HtmlDecode(await Analyst.GetStringAsync("/recherche?q=aide&from=31/02/2022"));
        Assert.Contains("La date « 31/02/2022 » du champ « Du » n'est pas valide : écrivez-la jj/mm/aaaa", wrong);
        // a period the wrong way round says so, rather than « Aucun résultat »
        var reversed = System.Net.WebUtility.HtmlDecode(await Analyst.GetStringAsync("/recherche?q=aide&from=30/04/2022&to=01/04/2022"));
        Assert.Contains("La période va du 30/04/2022 au 01/04/2022 : la date « Du » vient après la date « au ». Inversez-les.", reversed);
        Assert.Empty(Passages(reversed));
        var home = System.Net.WebUtility.HtmlDecode(await Analyst.GetStringAsync("/?depuis=1/04/2022"));
        Assert.Contains("depuis le 1er avril 2022", home);
        Assert.Contains("n'est pas valide", System.Net.WebUtility.HtmlDecode(await Analyst.GetStringAsync("/?depuis=avril")));
        // a day to come: nothing can be new since then
        var future = System.Net.WebUtility.HtmlDecode(await Analyst.GetStringAsync($"/?depuis=01/01/{DateTime.Now.Year + 3}"));
        Assert.Contains($"La date « 01/01/{DateTime.Now.Year + 3} » est à venir : choisissez un jour passé", future);
        Assert.DoesNotContain(" depuis le 1er janvier", future);
    }

    [Fact]
    public async Task Similar_passages_show_the_passage_they_compare_with()
    {
        var first = (await Analyst.GetJson("/api/search?q=logement&k=1"))["results"]!.AsArray()[0]!;
        var page = System.Net.WebUtility.HtmlDecode(await Analyst.GetStringAsync($"/recherche?like={(long)first["passage_id"]!}"));
        var source = System.Text.RegularExpressions.Regex.Match(page, "<section class=\"like-source\" id=\"like-source\">(.*?)</section>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(source.Success, "no source passage shown");
        Assert.Contains(((string)first["text"]!)[..Math.Min(40, ((string)first["text"]!).Length)], source.Groups[1].Value);
        Assert.Matches("id=\"result-count\">[1-9][0-9]* passages semblables</p>", page);
        Assert.Contains("Ce passage n'existe pas", System.Net.WebUtility.HtmlDecode(await Analyst.GetStringAsync("/recherche?like=99999999")));
    }

    [Fact]
    public async Task The_openapi_document_describes_every_area_and_the_reference_page_opens()
    {
        var doc = await factory.As(null).GetJson("/openapi/v1.json");
        var paths = doc["paths"]!.AsObject().Select(kv => kv.Key).ToList();
        foreach (var expected in new[] { "/api/contributions", "/api/search", "/api/topics/{id}", "/api/questions", "/api/review/topics/{id}/merge", "/api/reports/{format}", "/api/jobs", "/api/admin/users" })
            Assert.Contains(expected, paths);
        using var reference = await factory.CreateClient().GetAsync("/api/reference");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }
}

public sealed class FrenchMessagesTests
{
    [Theory]
    [InlineData("no Whisper model at /d/models/ggml-base.bin: run `synthesis models pull whisper-base` or set Synthesis:Whisper:Model",
        "Aucun modèle de transcription (Whisper) dans /d/models/ggml-base.bin : un administrateur l'installe depuis Administration › Modèles de transcription (téléchargement, ou copie du fichier dans ce dossier).")]
    // a job parked before the settings were renamed keeps its message: it reads the same
    [InlineData("no Whisper model at /d/models/ggml-base.bin: run `synthesis models pull whisper-base` or set SYNTHESIS_WHISPER_MODEL",
        "Aucun modèle de transcription (Whisper) dans /d/models/ggml-base.bin : un administrateur l'installe depuis Administration › Modèles de transcription (téléchargement, ou copie du fichier dans ce dossier).")]
    [InlineData("the file has no audio track: nothing to transcribe (a silent video or a photo saved as video?)",
        "Le fichier n'a pas de piste audio : rien à transcrire (une vidéo muette, ou une photo enregistrée comme vidéo ?).")]
    [InlineData("the file cannot be read as audio or video (Invalid data found): it may be corrupt or truncated; the original is kept",
        "Le fichier ne se lit ni comme audio ni comme vidéo (Invalid data found) : il est peut-être abîmé ou tronqué ; l'original est conservé.")]
    [InlineData("something nobody planned for", "something nobody planned for")]
    public void Pipeline_messages_read_in_french(string english, string french) =>
        Assert.Equal(french, Analysis.FrenchMessages.Translate(english, administrator: true));

    [Fact]
    public void Only_an_administrator_reads_where_the_transcription_model_lies_on_the_server()
    {
        const string parked = "no Whisper model at /srv/synthesis/models/ggml-base.bin: run `synthesis models pull whisper-base` or set Synthesis:Whisper:Model";
        Assert.Contains("/srv/synthesis/models/ggml-base.bin", Analysis.FrenchMessages.Translate(parked, administrator: true));
        Assert.Equal("Aucun modèle de transcription (Whisper) n'est installé sur le serveur : un administrateur l'installe depuis la page Administration (partie « Modèles de transcription »).",
            Analysis.FrenchMessages.Translate(parked, administrator: false));
        // other messages name no place on the server: everyone reads them the same
        Assert.Equal(Analysis.FrenchMessages.Translate("the file has no audio track: x", administrator: true), Analysis.FrenchMessages.Translate("the file has no audio track: x", administrator: false));
        Assert.Equal("the file has no audio track: x", Analysis.FrenchMessages.WithoutServerPaths("the file has no audio track: x"));
    }

    [Theory]
    [InlineData(2022, 2, 1, "1er février 2022", "1er févr. 2022")]
    [InlineData(2022, 3, 18, "18 mars 2022", "18 mars 2022")]
    [InlineData(2022, 8, 2, "2 août 2022", "2 août 2022")]
    public void Days_read_as_french_writes_them(int year, int month, int day, string full, string short_)
    {
        var at = new DateTimeOffset(year, month, day, 10, 0, 0, TimeSpan.FromHours(1));
        Assert.Equal(full, Reports.FrenchLabels.Day(at));
        Assert.Equal(short_, Reports.FrenchLabels.ShortDay(at));
    }

    [Fact]
    public void No_page_writes_a_day_without_the_french_first()
    {
        // « 1 février » is wrong French; the pages go through FrenchLabels.Day / ShortDay, which write « 1er »
        var pages = Path.Combine(Consultation.RepoRoot, "src", "Api", "Pages");
        var offenders = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select((l, i) => (f, i, l)))
            .Where(x => System.Text.RegularExpressions.Regex.IsMatch(x.l, "ToString\\(\"d MMM"))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}").ToList();
        Assert.True(offenders.Count == 0, string.Join(", ", offenders));
        Assert.Matches("ToString\\(\"d MMM", "@c.Date?.ToString(\"d MMM yyyy\", fr)"); // the check sees what it looks for
    }
}
