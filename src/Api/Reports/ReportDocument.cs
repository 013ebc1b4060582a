using System.Globalization;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Reports;

/// <summary>A piece of a report, written out alike by every format (Markdown, DOCX).</summary>
public abstract record ReportBlock;

/// <summary>A heading: 0 the title, 1 a part (listed in the table of contents), 2 a section, 3 a sub-section.</summary>
public sealed record HeadingBlock(int Level, string Text) : ReportBlock;

/// <summary>Words of a paragraph: plain, bold, or a link.</summary>
public sealed record ReportRun(string Text, string? Url = null, bool Bold = false);

public sealed record ParagraphBlock(IReadOnlyList<ReportRun> Runs, bool Bullet = false) : ReportBlock
{
    public ParagraphBlock(string text, bool bullet = false) : this([new ReportRun(text)], bullet) { }
}

/// <summary>A citizen's words, linked to the passage in its contribution (at its time in a recording).</summary>
public sealed record QuoteBlock(PassageView Passage, string Url) : ReportBlock
{
    /// <summary>The passage's words on one line, as a quote prints them (no leading space, no run of spaces or line breaks).</summary>
    public string Text => Synthesis.Nlp.Summaries.ThemeOverview.OneLine(Passage.Text);

    /// <summary>The link's words: « contribution 482 », « contribution 12 à 0:01:05 » for a recording.</summary>
    public string LinkText => $"contribution {Passage.ContributionId}" + (Passage.StartMs is { } ms ? $" à {TimeSpan.FromMilliseconds(ms):h\\:mm\\:ss}" : "");

    /// <summary>
    /// The passage's labels with how sure the machine is of each, as the web app shows them: « problèmes (93 %) · ton
    /// négatif (54 %, incertain) »; a reviewer's label has no figure. Empty when the passage has none.
    /// </summary>
    public string Labels
    {
        get
        {
            static string Sure(double? confidence, bool uncertain) => confidence is { } c
                ? " (" + (c * 100).ToString("0", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) + "\u00a0%" + (uncertain ? ", incertain" : "") + ")"
                : "";
            var parts = new List<string>();
            if (Passage.Question is { } q) parts.Add(FrenchLabels.QuestionShort(DomainNames.Name(q)) + Sure(Passage.QuestionConfidence, Passage.QuestionUncertain));
            if (Passage.Sentiment is { } t) parts.Add("ton " + FrenchLabels.Sentiment(DomainNames.Name(t)) + Sure(Passage.ToneConfidence, Passage.ToneUncertain));
            return string.Join(" · ", parts);
        }
    }
}

/// <summary>A table whose first column names the rows and whose other columns are figures.</summary>
public sealed record TableBlock(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock;

/// <summary>A bar chart (DOCX); formats without charts skip it, the figures being in the text and tables beside it.</summary>
public sealed record ChartBlock(string Title, IReadOnlyList<string> Categories, IReadOnlyList<(string Name, string Colour, IReadOnlyList<long> Values)> Series) : ReportBlock;

/// <summary>The table of contents: each format lists the headings that follow (the parts, and in Word their sections).</summary>
public sealed record ContentsBlock : ReportBlock;

/// <summary>
/// The report as the city's final report is laid out: who contributed, then for each of the three questions the
/// diagnosis (leading themes and counts, who speaks to it, quotes) and the recommendations contributors name, then
/// each theme in detail, then how the analysis was made and how far it can be trusted. Built once from
/// <see cref="ReportContent"/>; <see cref="MarkdownReport"/> and <see cref="DocxReport"/> only write it out.
/// </summary>
public static class ReportDocument
{
    static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public const string Title = "Synthèse de la concertation";
    public const string ContributorsPart = "Qui a contribué";
    public const string ThemesPart = "Les thèmes en détail";
    public const string MethodPart = "Méthode";
    public const string ReliabilityPart = "Fiabilité de l'analyse automatique";

    /// <summary>The question mix's colours, the same in every chart of the report.</summary>
    public static readonly IReadOnlyList<(string Question, string Name, string Colour)> QuestionSeries =
        [("problem", "Problèmes", "C0504D"), ("engagement", "Engagement", "4F81BD"), ("solution", "Solutions", "9BBB59")];

    /// <summary>A question's part heading, numbered as the dialogue asks them: « 1. Problèmes et nouveaux publics ».</summary>
    public static string QuestionHeading(string question) =>
        $"{QuestionOverview.Asked.ToList().IndexOf(question) + 1}. {FrenchLabels.Question(question)}";

    public static IReadOnlyList<ReportBlock> Build(ReportContent r)
    {
        var blocks = new List<ReportBlock>
        {
            new HeadingBlock(0, Title),
            new ParagraphBlock(string.Create(French, $"Rapport généré le {FrenchLabels.Moment(r.GeneratedAt)} à partir de {r.Contributions:N0} contributions ({r.Passages:N0} passages).")),
            new ParagraphBlock([new ReportRun("Périmètre : ", Bold: true), new ReportRun(Scope(r))]),
        };
        blocks.Add(new ContentsBlock());

        Contributors(r, blocks);
        // the passages the report has quoted so far: a later part does not quote one again
        var quoted = new HashSet<long>();
        foreach (var q in r.Questions) Question(r, q, blocks, quoted);
        Themes(r, blocks, quoted);
        Method(r, blocks);
        if (r.Reliability is { } reliability)
        {
            blocks.Add(new HeadingBlock(1, ReliabilityPart));
            blocks.AddRange(reliability.Paragraphs().Select(line => new ParagraphBlock(line)));
        }
        return blocks;
    }

    /// <summary>What the report covers, in words, on its first page.</summary>
    public static string Scope(ReportContent r)
    {
        if (!r.Selected) return string.Create(French, $"toute la concertation ({r.ThemeCount:N0} thèmes, {r.ScopePassages:N0} passages classés).");
        var parts = new List<string>();
        if (r.Selection.Topics is { Count: > 0 })
        {
            var names = r.Themes.Select(t => $"« {t.Topic.Label} »").ToList();
            parts.Add((names.Count == 0 ? "aucun thème (les thèmes choisis n'existent plus)"
                : string.Create(French, $"{(names.Count == 1 ? "le thème" : "les thèmes")} {Enumerate(names)} ({r.ScopePassages:N0} passages)"))
                + string.Create(French, $", sur les {r.ThemeCount:N0} thèmes de la concertation"));
        }
        if (r.Selection.Question is { } q)
        {
            parts.Add($"la seule question « {FrenchLabels.Question(DomainNames.Name(q))} »");
            // the themes' own figures are the whole theme's: say so, and where the recommendations come from
            return string.Join(" ; ", parts) + ". Les chiffres de « Qui a contribué » et du diagnostic, et les paroles citées, ne portent que sur cette sélection ; "
                + "les recommandations sont les propositions faites dans les thèmes où la question revient ; la partie « Les thèmes en détail » décrit chaque thème en entier.";
        }
        return string.Join(" ; ", parts) + ". Les chiffres (qui a contribué, diagnostic de chaque question), les citations et les recommandations ne portent que sur cette sélection.";
    }

    static void Contributors(ReportContent r, List<ReportBlock> blocks)
    {
        blocks.Add(new HeadingBlock(1, ContributorsPart));
        var chosen = r.Channels.Values.Sum();
        blocks.Add(new ParagraphBlock(!r.Selected
            ? string.Create(French, $"{r.Contributions:N0} contributions, découpées en {r.Passages:N0} passages.")
            : chosen == 0 ? string.Create(French, $"Aucune des {r.Contributions:N0} contributions de la concertation n'a de passage dans la sélection.")
            : string.Create(French, $"{chosen:N0} des {r.Contributions:N0} contributions de la concertation {(chosen > 1 ? "ont" : "a")} au moins un passage dans la sélection ; les voici par canal et par profil.")));
        if (r.Channels.Count > 0) blocks.Add(new TableBlock(["Canal", "Contributions"], r.Channels.Select(kv => Row(FrenchLabels.Channel(kv.Key), kv.Value)).ToList()));
        if (r.Profiles.Count > 0) blocks.Add(new TableBlock(["Profil", "Contributions"], r.Profiles.Select(kv => Row(FrenchLabels.Profile(kv.Key), kv.Value)).ToList()));
    }

    static void Question(ReportContent r, ReportQuestion q, List<ReportBlock> blocks, HashSet<long> quoted)
    {
        quoted.UnionWith(q.View.Quotes.Select(p => p.Id));
        quoted.UnionWith(q.Recommendations.SelectMany(rec => rec.Sentence.Citations).Select(p => p.Id));
        var v = q.View;
        blocks.Add(new HeadingBlock(1, QuestionHeading(v.Question)));
        blocks.Add(new HeadingBlock(2, "Diagnostic"));
        var uncertain = v.Uncertain > 0 ? string.Create(French, $" ; pour {v.Uncertain:N0} d'entre eux, la machine n'est pas sûre de la question") : "";
        blocks.Add(new ParagraphBlock(v.Count == 0 ? "Aucun passage de la sélection ne répond à cette question."
            : string.Create(French, $"{Passages(v.Count)} {(v.Count > 1 ? "répondent" : "répond")} à cette question{uncertain}.")));
        if (v.LeadingTopics.Count > 0)
        {
            blocks.Add(new ParagraphBlock([new ReportRun("Les thèmes où elle revient le plus", Bold: true)]));
            blocks.Add(new TableBlock(["Thème", "Passages", "Part"], v.LeadingTopics
                .Select(t => (IReadOnlyList<string>)[t.Label, t.Count.ToString("N0", French), Share(t.Count, v.Count)]).ToList()));
        }
        if (q.Speakers.Count > 0)
        {
            blocks.Add(new ParagraphBlock([new ReportRun("Qui s'exprime", Bold: true)]));
            blocks.Add(new TableBlock(["Profil", "Contributions"], q.Speakers.Select(kv => Row(FrenchLabels.Profile(kv.Key), kv.Value)).ToList()));
        }
        if (v.Quotes.Count > 0)
        {
            blocks.Add(new ParagraphBlock([new ReportRun("Paroles de contributeurs", Bold: true)]));
            blocks.AddRange(v.Quotes.Select(p => new QuoteBlock(p, r.Link(p.ContributionId, p.Id))));
        }
        blocks.Add(new HeadingBlock(2, RecommendationsHeading(v.Question)));
        if (q.Recommendations.Count == 0)
            blocks.Add(new ParagraphBlock(v.Count == 0 ? "Aucune : aucun passage de la sélection ne répond à cette question."
                : "Aucune proposition citable : les thèmes de cette question n'ont pas encore de synthèse des propositions (elle est faite à l'analyse), ou aucune de ses phrases ne se lit seule."));
        blocks.AddRange(q.Recommendations.Select(rec => new ParagraphBlock(
            [new ReportRun(rec.Topic + " : ", Bold: true), new ReportRun(rec.Sentence.Text + " "), .. Citations(r, rec.Sentence)], Bullet: true)));
    }

    /// <summary>
    /// What a question's list of quoted sentences is: measures for the authorities and organisations under the problems
    /// and the solutions; under engagement, what citizens say they do or would do themselves (« je trie, je composte »
    /// is an engagement, not a recommendation).
    /// </summary>
    public static string RecommendationsHeading(string question) =>
        question == "engagement" ? "Ce que les contributeurs font ou proposent de faire eux-mêmes" : "Recommandations des contributeurs";

    static void Themes(ReportContent r, List<ReportBlock> blocks, HashSet<long> quoted)
    {
        blocks.Add(new HeadingBlock(1, ThemesPart));
        if (r.Themes.Count == 0) blocks.Add(new ParagraphBlock("Aucun thème : la concertation n'a pas encore été analysée, ou la sélection n'en retient aucun."));
        else
        {
            var top = r.Themes.Take(15).Select(t => t.Topic).ToList();
            blocks.Add(QuestionChart(top.Count < r.Themes.Count ? $"Les {top.Count} plus grands thèmes : passages par question" : "Passages par thème et par question", top));
        }
        foreach (var theme in r.Themes)
        {
            var t = theme.Topic;
            blocks.Add(new HeadingBlock(2, string.Create(French, $"{t.Label} ({t.Size:N0} passages)")));
            blocks.Add(new ParagraphBlock(string.Create(French,
                $"Problèmes {t.Questions.GetValueOrDefault("problem"):N0} · engagement {t.Questions.GetValueOrDefault("engagement"):N0} · solutions {t.Questions.GetValueOrDefault("solution"):N0} · " +
                $"autres {t.Questions.GetValueOrDefault("other"):N0} · " +
                $"ton négatif {t.Sentiments.GetValueOrDefault("negative"):N0}, neutre {t.Sentiments.GetValueOrDefault("neutral"):N0}, positif {t.Sentiments.GetValueOrDefault("positive"):N0}")));
            blocks.Add(t.Children.Count > 0
                ? QuestionChart($"{t.Label} : passages par sous-thème et par question", t.Children)
                : QuestionChart($"{t.Label} : passages par question", [t]));
            if (t.Children.Count > 0)
                blocks.Add(new ParagraphBlock("Sous-thèmes : " + string.Join(" ; ", t.Children.Select(ch => string.Create(French, $"{ch.Label} ({ch.Size:N0})"))) + "."));
            // « En bref » states the theme's facts, each with its example, whatever was quoted before; the summary's quotes
            // and the citations leave out the passages the report has already quoted
            foreach (var (title, view) in new[] { ("En bref", theme.Overview), ("Synthèse", theme.Summary) })
            {
                var sentences = (view?.Sentences ?? []).Where(s => s.Supported && (title == "En bref" || s.Citations.Any(p => !quoted.Contains(p.Id)))).ToList();
                if (sentences.Count == 0) continue;
                blocks.Add(new HeadingBlock(3, title));
                blocks.AddRange(sentences.Select(s => new ParagraphBlock([new ReportRun(s.Text + " "), .. Citations(r, s)], Bullet: true)));
                quoted.UnionWith(sentences.SelectMany(s => s.Citations).Select(p => p.Id));
            }
            var quotes = theme.Quotes.Where(p => quoted.Add(p.Id)).ToList();
            if (quotes.Count > 0)
            {
                blocks.Add(new HeadingBlock(3, "Citations"));
                blocks.AddRange(quotes.Select(p => new QuoteBlock(p, r.Link(p.ContributionId, p.Id))));
            }
        }
    }

    static void Method(ReportContent r, List<ReportBlock> blocks)
    {
        blocks.Add(new HeadingBlock(1, MethodPart));
        var m = r.Method;
        long Media(string k) => m?.Media.GetValueOrDefault(k) ?? 0;
        long Source(string k) => m?.Sources.GetValueOrDefault(k) ?? 0;
        var received = new[] { ("par écrit", Media("text")), ("en enregistrement audio", Media("audio")), ("en vidéo", Media("video")), ("en photo", Media("image")) }
            .Where(x => x.Item2 > 0).Select(x => string.Create(French, $"{x.Item1} ({x.Item2:N0})")).ToList();
        var intake = new List<string> { string.Create(French, $"Les {r.Contributions:N0} contributions ont été reçues {Enumerate(received)}.") };
        if (Media("audio") + Media("video") > 0)
            intake.Add(Source("transcript") > 0
                ? string.Create(French, $"Les enregistrements sont transcrits automatiquement (Whisper) ; {Passages(Source("transcript"))} en viennent, chacun lié au moment où il est dit.")
                : "Aucun enregistrement n'est encore transcrit (la transcription automatique attend son modèle) : leurs paroles ne comptent pas encore ici.");
        if (Media("image") > 0)
            intake.Add(string.Create(French, $"Le texte des photos est lu par reconnaissance de caractères ; {Passages(Source("ocr"))} en viennent."));
        blocks.Add(new ParagraphBlock(string.Join(" ", intake)));
        blocks.Add(new ParagraphBlock(string.Create(French,
            $"Chaque contribution est découpée en passages de quelques phrases ({r.Passages:N0}). Les passages sont regroupés par proximité de sens en {r.ThemeCount:N0} thèmes et leurs sous-thèmes " +
            $"(un regroupement automatique des passages qui disent des choses proches, chacun lu avec le reste de sa contribution ; {m?.Unassigned ?? 0:N0} passages trop éloignés de tout thème restent hors thèmes). " +
            $"Chaque thème est nommé par les groupes nominaux que ses passages emploient le plus, ses mots-clés à côté. " +
            $"Les synthèses sont extractives : chaque phrase est celle d'un contributeur, citée avec le numéro de son passage ; rien n'est reformulé.")));
        blocks.Add(new ParagraphBlock(string.Create(French,
            $"Les relecteurs corrigent les thèmes (noms, fusions, scissions) et les étiquettes de ton et de question ; les analyses suivantes gardent leurs décisions ({Decisions(m?.Decisions ?? 0)}). " +
            $"Comment le ton et la question de chaque passage sont donnés, et quelle confiance leur accorder : voir la partie suivante.")));
    }

    /// <summary>A bar per topic, its passages of each of the three questions side by side.</summary>
    static ChartBlock QuestionChart(string title, IReadOnlyList<TopicNode> topics) => new(title,
        topics.Select(t => FrenchLabels.Clip(t.Label, 40)).ToList(),
        QuestionSeries.Select(s => (s.Name, s.Colour, (IReadOnlyList<long>)topics.Select(t => t.Questions.GetValueOrDefault(s.Question)).ToList())).ToList());

    static IEnumerable<ReportRun> Citations(ReportContent r, CitedSentence s) =>
        s.Citations.SelectMany(p => new[] { new ReportRun($"[P{p.Id}]", r.Link(p.ContributionId, p.Id)), new ReportRun(" ") }).SkipLast(1);

    static string Passages(long n) => n switch { 0 => "aucun passage", 1 => "1 passage", _ => n.ToString("N0", French) + " passages" };

    static string Decisions(long n) => n switch { 0 => "aucune décision en vigueur", 1 => "1 décision en vigueur", _ => n.ToString("N0", French) + " décisions en vigueur" };

    static string Enumerate(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " et " + items[^1],
    };

    static IReadOnlyList<string> Row(string name, long n) => [name, n.ToString("N0", French)];

    static string Share(long part, long whole) => whole == 0 ? "" : string.Create(French, $"{100.0 * part / whole:0} %");


}
