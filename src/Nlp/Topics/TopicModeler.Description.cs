using System.Numerics.Tensors;

namespace Synthesis.Nlp.Topics;

/// <summary>What is said of each topic: labels, keywords, representatives, duplicate groups.</summary>
public sealed partial class TopicModeler
{
    // ----- description: labels, keywords, representatives, duplicates -----

    TopicResult Describe(Run run, bool[] reviewerOutlier, Action<string> stage)
    {
        var n = run.Input.Count;
        var nodes = run.Roots.SelectMany(Descendants).ToList();
        var membersOf = nodes.ToDictionary(nd => nd, _ => new List<int>());
        for (var i = 0; i < n; i++)
            for (var cur = run.Leaf[i]; cur is not null; cur = cur.Parent)
                membersOf[cur].Add(i);
        foreach (var nd in nodes)
        {
            nd.Members = membersOf[nd].ToArray();
            nd.Centroid = VectorMath.Centroid(run.Vectors, nd.Members, run.Dim);
        }

        var terms = new string[n][];
        VectorMath.ForChunks(n, (_, s, e) =>
        {
            for (var i = s; i < e; i++) terms[i] = TopicLabeler.Terms(run.Input[i].Lemmas);
        }, 512);

        var naming = Namer?.Read(run.Input.Select(p => p.Text).ToList());
        var labels = new Dictionary<Node, (string Label, bool Fixed, List<string> Keywords)>();
        var kept = new HashSet<Node>(); // the topics that keep their previous run's automatic name
        void LabelSiblings(List<Node> siblings, Node? parent)
        {
            if (siblings.Count == 0) return;
            var ranked = TopicLabeler.Rank(siblings.Select(s => (IReadOnlyList<int>)s.Members).ToList(), terms);
            var leads = new HashSet<string>(StringComparer.Ordinal);
            var usedLabels = new HashSet<string>(StringComparer.Ordinal);
            // larger siblings choose first
            var order = Enumerable.Range(0, siblings.Count).OrderByDescending(i => siblings[i].Members.Length).ThenBy(i => siblings[i].Id).ToList();
            foreach (var i in order)
            {
                var nd = siblings[i];
                var keywords = ranked[i].Take(10).Select(t => t.Term).ToList();
                var id = nd.Id!.Value;
                if (run.Constraints.FixedLabels.TryGetValue(id, out var fixedLabel)) { labels[nd] = (fixedLabel, true, keywords); usedLabels.Add(fixedLabel); continue; }
                if (run.Prev.TryGetValue(id, out var info) && info.LabelFixed) { labels[nd] = (info.Label, true, keywords); usedLabels.Add(info.Label); continue; }
                if (info is not null && !usedLabels.Contains(info.Label) && Jaccard(RowsOf(run, nd), info.Passages) >= KeepLabelJaccard)
                {
                    labels[nd] = (info.Label, false, keywords);
                    usedLabels.Add(info.Label);
                    kept.Add(nd);
                    continue;
                }
                var (label, lead) = TopicLabeler.Label(ranked[i], leads);
                if (usedLabels.Contains(label))
                {
                    var extra = ranked[i].Select(t => t.Term).FirstOrDefault(t => !label.Split(' ').Contains(t) && t.Split(' ').Length == 1);
                    if (extra is not null && label.Split(' ').Length < 5) label += " " + extra;
                }
                if (lead.Length > 0) leads.Add(lead);
                usedLabels.Add(label);
                labels[nd] = (label, false, keywords);
            }
            if (naming is null) return;
            // French names replace the keyword labels where the passages give one (keywords stay beside them)
            var avoid = new HashSet<string>(siblings.Where(sb => labels[sb].Fixed || kept.Contains(sb)).Select(sb => labels[sb].Label), StringComparer.OrdinalIgnoreCase);
            if (parent is not null) avoid.Add(labels[parent].Label);
            var names = naming.Name(siblings.Select(sb => (IReadOnlyList<int>)sb.Members).ToList(), r => run.Input[r].ContributionId, avoid);
            for (var i = 0; i < siblings.Count; i++)
                if (!labels[siblings[i]].Fixed && !kept.Contains(siblings[i]))
                    // no recurring noun phrase: the keyword label, written as a name
                    labels[siblings[i]] = (names[i] ?? char.ToUpperInvariant(labels[siblings[i]].Label[0]) + labels[siblings[i]].Label[1..], false, labels[siblings[i]].Keywords);
        }
        LabelSiblings(run.Roots, null);
        foreach (var nd in nodes) LabelSiblings(nd.Children, nd);

        var groups = Duplicates.Find(run.Input.Select(p => p.Text).ToList(), run.Vectors);
        var groupOf = new long?[n];
        var duplicates = new List<DuplicateGroup>();
        for (var gi = 0; gi < groups.Count; gi++)
        {
            var g = groups[gi];
            foreach (var i in g.Items) groupOf[i] = gi;
            var topic = g.Items.Select(i => run.Leaf[i]?.Id).Where(id => id is not null).GroupBy(id => id!.Value)
                .OrderByDescending(x => x.Count()).ThenBy(x => x.Key).Select(x => x.Key).FirstOrDefault();
            duplicates.Add(new DuplicateGroup(topic, g.Items.Select(i => run.Input[i].PassageId).ToList(), g.Templated));
        }
        stage("labels, names and duplicates");

        // the keywords as the passages write them (« obsolescence programmée », not « obsolescence programmer »)
        var written = Forms?.Write(run.Input.Select(p => p.Text).ToList(), labels.Values.SelectMany(l => l.Keywords).ToHashSet(StringComparer.Ordinal));
        List<string> Written(List<string> keywords)
        {
            if (written is null) return keywords;
            var shown = new List<string>();
            foreach (var k in keywords)
            {
                var form = written.GetValueOrDefault(k, k);
                if (!shown.Contains(form, StringComparer.OrdinalIgnoreCase)) shown.Add(form);
            }
            return shown;
        }
        if (written is not null) stage("keywords as written");

        var topics = new List<FoundTopic>();
        foreach (var nd in nodes)
        {
            var (label, isFixed, keywords) = labels[nd];
            topics.Add(new FoundTopic(nd.Id!.Value, nd.Parent?.Id, label, isFixed, Written(keywords), Representatives(run, nd, groupOf), nd.Members.Length));
        }

        stage("quotes");
        var assignment = new Dictionary<long, long?>(n);
        var fit = new Dictionary<long, float>(n);
        for (var i = 0; i < n; i++)
        {
            var leaf = reviewerOutlier[i] ? null : run.Leaf[i];
            assignment[run.Input[i].PassageId] = leaf?.Id;
            if (leaf is not null && leaf.Centroid.Length == run.Dim) fit[run.Input[i].PassageId] = TensorPrimitives.Dot(run.Vectors[i], leaf.Centroid);
        }

        duplicates.Sort((a, b) => a.PassageIds.Count != b.PassageIds.Count ? b.PassageIds.Count.CompareTo(a.PassageIds.Count) : a.PassageIds[0].CompareTo(b.PassageIds[0]));
        return new TopicResult(topics, assignment, duplicates) { Fit = fit };
    }

    /// <summary>
    /// The topics of a result as the <see cref="TopicOptions.Previous"/> of the next run: each topic with the passages
    /// of its subtree, its label and whether that label was fixed.
    /// </summary>
    public static IReadOnlyList<PreviousTopic> ToPrevious(TopicResult result)
    {
        var parent = result.Topics.ToDictionary(t => t.Id, t => t.ParentId);
        var passages = result.Topics.ToDictionary(t => t.Id, _ => new List<long>());
        foreach (var (passage, leaf) in result.Assignment.OrderBy(kv => kv.Key))
        {
            var guard = 0;
            for (var cur = leaf; cur is long id && passages.ContainsKey(id) && guard++ < 32; cur = parent[id]) passages[id].Add(passage);
        }
        return result.Topics.Select(t => new PreviousTopic(t.Id, t.ParentId, passages[t.Id], t.Label, t.LabelFixed)).ToList();
    }

    /// <summary>
    /// The passages a topic is quoted by (<see cref="Summaries.Voices"/>): substantive, from distinct contributions
    /// and duplicate groups, the best of each question the topic's passages speak to and of each sub-theme first,
    /// then central and unlike each other; 5 for a sub-theme, up to 8 for a theme with many sub-themes; most
    /// central first.
    /// </summary>
    static IReadOnlyList<long> Representatives(Run run, Node node, long?[] groupOf)
    {
        var members = node.Members;
        if (members.Length == 0) return [];
        var childOf = new Dictionary<int, string>();
        foreach (var child in node.Children)
            foreach (var r in child.Members) childOf[r] = "t" + child.Id;
        var candidates = members.Select(r => new Summaries.Voices.Candidate(run.Vectors[r], TensorPrimitives.Dot(run.Vectors[r], node.Centroid),
            run.Input[r].ContributionId, groupOf[r],
            new[] { run.Input[r].Question ?? "", childOf.GetValueOrDefault(r, "") }, run.Input[r].Text)).ToList();
        var strata = Summaries.Voices.AskedQuestions.Concat(node.Children.OrderByDescending(c => c.Members.Length).ThenBy(c => c.Id).Select(c => "t" + c.Id)).ToList();
        var count = Math.Clamp(node.Children.Count + 2, 5, 8);
        var chosen = Summaries.Voices.Select(candidates, count, strata);
        return chosen.OrderByDescending(i => candidates[i].Centrality).ThenBy(i => members[i]).Select(i => run.Input[members[i]].PassageId).ToList();
    }
}
