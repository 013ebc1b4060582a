using System.Numerics.Tensors;

namespace Synthesis.Nlp.Topics;

/// <summary>Previous topics, reviewers' constraints (merges, pins, splits, outliers) and stable IDs.</summary>
public sealed partial class TopicModeler
{
    // ----- previous topics and constraints -----

    static Dictionary<long, long> ResolveMerges(IReadOnlyList<(long Into, long From)> merges)
    {
        var direct = new Dictionary<long, long>();
        foreach (var (into, from) in merges)
            if (into != from) direct[from] = into;
        var resolved = new Dictionary<long, long>();
        foreach (var from in direct.Keys)
        {
            var target = from;
            var seen = new HashSet<long> { from };
            while (direct.TryGetValue(target, out var next) && seen.Add(next)) target = next;
            if (target != from) resolved[from] = target;
        }
        return resolved;
    }

    static long Target(Run run, long topic) => run.MergeTarget.TryGetValue(topic, out var t) ? t : topic;

    static void BuildPrevious(Run run, IReadOnlyList<PreviousTopic> previous, Dictionary<long, int> indexOf)
    {
        foreach (var p in previous.OrderBy(p => p.Id))
        {
            var id = Target(run, p.Id);
            var present = p.PassageIds.Where(indexOf.ContainsKey).Select(x => indexOf[x]);
            if (!run.Prev.TryGetValue(id, out var info))
            {
                var own = previous.FirstOrDefault(q => q.Id == id) ?? p;
                info = new PrevInfo
                {
                    Id = id,
                    Parent = own.ParentId is long par ? Target(run, par) : null,
                    Passages = [],
                    Label = own.Label,
                    LabelFixed = own.LabelFixed,
                };
                if (info.Parent == id) info.Parent = null;
                run.Prev[id] = info;
            }
            info.Passages.UnionWith(present);
        }
        foreach (var info in run.Prev.Values)
        {
            var depth = 0;
            var cur = info;
            var guard = 0;
            while (cur.Parent is long par && run.Prev.TryGetValue(par, out var up) && guard++ < 16) { depth++; cur = up; }
            info.Depth = depth;
        }
    }

    /// <summary>Rows whose topic a reviewer decided (pins, and passages of merged-away topics): never outliers.</summary>
    static HashSet<int> ForcedRows(Run run, long?[] pinned)
    {
        var set = new HashSet<int>();
        for (var i = 0; i < pinned.Length; i++) if (pinned[i] is not null) set.Add(i);
        if (run.MergeTarget.Count == 0) return set;
        var rowOf = new Dictionary<long, int>(run.Input.Count);
        for (var i = 0; i < run.Input.Count; i++) rowOf[run.Input[i].PassageId] = i;
        foreach (var p in run.Options.Previous ?? [])
            if (run.MergeTarget.ContainsKey(p.Id))
                foreach (var id in p.PassageIds)
                    if (rowOf.TryGetValue(id, out var r)) set.Add(r);
        return set;
    }

    // ----- the topic tree, reviewers' constraints and IDs -----


    static IEnumerable<Node> Descendants(Node node)
    {
        yield return node;
        foreach (var c in node.Children)
            foreach (var d in Descendants(c)) yield return d;
    }

    IEnumerable<Node> AllNodes(Run run) => run.Roots.SelectMany(Descendants).Where(nd => !nd.Deleted);

    Node? FindNode(Run run, long id) => AllNodes(run).FirstOrDefault(nd => nd.Id == id);

    /// <summary>Puts a passage in <paramref name="node"/>, or in its nearest descendant leaf when it has children.</summary>
    void MoveTo(Run run, int row, Node node)
    {
        var cur = node;
        while (cur.Children.Count(c => !c.Deleted) > 0)
        {
            Node? best = null;
            var bestSim = float.NegativeInfinity;
            foreach (var c in cur.Children)
            {
                if (c.Deleted) continue;
                var sim = c.Centroid.Length == run.Dim ? TensorPrimitives.Dot(run.Vectors[row], c.Centroid) : 0;
                if (best is null || sim > bestSim) { best = c; bestSim = sim; }
            }
            cur = best!;
        }
        run.Leaf[row] = cur;
    }

    /// <summary>A node for a topic a constraint needs but this run did not find: under its previous parent when that exists.</summary>
    Node CreateNode(Run run, long id)
    {
        Node? parent = null;
        if (run.Prev.TryGetValue(id, out var info) && info.Parent is long pid) parent = FindNode(run, pid);
        // two levels: a topic whose previous parent is now a sub-theme (a merge moved it) becomes that sub-theme's sibling
        while (parent is { Depth: >= 1 }) parent = parent.Parent;
        var node = new Node { Id = id, Parent = parent, Depth = parent is null ? 0 : parent.Depth + 1 };
        if (parent is null) run.Roots.Add(node);
        else
        {
            // the parent's own passages (if it was a leaf) stay with it as a sibling would be needed; keep it simple:
            // a leaf parent becomes internal only through this node
            if (parent.Children.Count == 0)
            {
                var sibling = new Node { Parent = parent, Depth = parent.Depth + 1, Centroid = parent.Centroid };
                for (var i = 0; i < run.Leaf.Length; i++) if (run.Leaf[i] == parent) run.Leaf[i] = sibling;
                parent.Children.Add(sibling);
            }
            parent.Children.Add(node);
        }
        if (info is not null && info.Passages.Count > 0) node.Centroid = VectorMath.Centroid(run.Vectors, info.Passages, run.Dim);
        return node;
    }

    void ApplyMerges(Run run)
    {
        if (run.MergeTarget.Count == 0) return;
        var previous = run.Options.Previous ?? [];
        var rowOf = new Dictionary<long, int>();
        for (var i = 0; i < run.Input.Count; i++) rowOf[run.Input[i].PassageId] = i;
        foreach (var into in run.MergeTarget.Values.Distinct().Order())
        {
            var froms = run.MergeTarget.Where(kv => kv.Value == into).Select(kv => kv.Key).ToHashSet();
            var fromRows = previous.Where(p => froms.Contains(p.Id)).SelectMany(p => p.PassageIds)
                .Where(rowOf.ContainsKey).Select(id => rowOf[id]).Where(r => run.Leaf[r] is not null).ToHashSet();
            var node = FindNode(run, into);
            var created = node is null;
            node ??= CreateNode(run, into);
            var rows = new HashSet<int>(fromRows);
            if (created && run.Prev.TryGetValue(into, out var info))
                foreach (var r in info.Passages) if (run.Leaf[r] is not null) rows.Add(r);
            // a leaf made mostly of the merged-away topic's passages follows them
            var byLeaf = fromRows.GroupBy(r => run.Leaf[r]!).ToList();
            foreach (var g in byLeaf)
            {
                var leaf = g.Key;
                if (IsInside(leaf, node)) continue;
                var leafRows = Enumerable.Range(0, run.Leaf.Length).Where(i => run.Leaf[i] == leaf).ToArray();
                if (g.Count() * 2 >= leafRows.Length) rows.UnionWith(leafRows);
            }
            if (node.Centroid.Length != run.Dim && rows.Count > 0) node.Centroid = VectorMath.Centroid(run.Vectors, rows, run.Dim);
            foreach (var r in rows.Order())
                if (!IsInside(run.Leaf[r]!, node)) MoveTo(run, r, node);
        }
    }

    static bool IsInside(Node? leaf, Node node)
    {
        for (var cur = leaf; cur is not null; cur = cur.Parent) if (cur == node) return true;
        return false;
    }

    void ApplyPins(Run run, long?[] pinned)
    {
        for (var i = 0; i < pinned.Length; i++)
        {
            if (pinned[i] is not long target) continue;
            var node = FindNode(run, target) ?? CreateNode(run, target);
            if (node.Centroid.Length != run.Dim) node.Centroid = (float[])run.Vectors[i].Clone();
            if (!IsInside(run.Leaf[i], node)) MoveTo(run, i, node);
        }
    }

    /// <summary>Drops empty topics, and a lone child (its passages go to its parent) unless a constraint names it.</summary>
    void Prune(Run run)
    {
        var counts = new Dictionary<Node, int>();
        foreach (var leaf in run.Leaf)
            for (var cur = leaf; cur is not null; cur = cur.Parent) counts[cur] = counts.GetValueOrDefault(cur) + 1;
        foreach (var node in run.Roots.SelectMany(Descendants).ToList())
            if (counts.GetValueOrDefault(node) == 0) node.Deleted = true;
        foreach (var node in run.Roots.SelectMany(Descendants).ToList())
            node.Children.RemoveAll(c => c.Deleted);
        run.Roots.RemoveAll(r => r.Deleted);
        var named = run.Constraints.PinnedPassages.Values.Select(t => Target(run, t)).Concat(run.Constraints.FixedLabels.Keys).ToHashSet();
        // the parts a split made in this run have no ID yet: they are named by their node
        var parts = run.AppliedSplits.SelectMany(a => a.Parts).ToHashSet();
        foreach (var node in run.Roots.SelectMany(Descendants).ToList())
        {
            if (node.Children.Count != 1) continue;
            var only = node.Children[0];
            if (only.Id is long oid && named.Contains(oid) || parts.Contains(only)) continue;
            if (only.Children.Count > 0) continue;
            for (var i = 0; i < run.Leaf.Length; i++) if (run.Leaf[i] == only) run.Leaf[i] = node;
            node.Children.Clear();
        }
    }

    void AssignNewIds(Run run)
    {
        var known = new List<long> { run.Options.UsedIds };
        known.AddRange(run.Prev.Keys);
        known.AddRange((run.Options.Previous ?? []).Select(p => p.Id));
        known.AddRange(run.Constraints.PinnedPassages.Values);
        known.AddRange(run.Constraints.Merges.SelectMany(m => new[] { m.Into, m.From }));
        known.AddRange(run.Constraints.Splits.Select(s => s.Topic));
        known.AddRange(run.Constraints.FixedLabels.Keys);
        known.AddRange(AllNodes(run).Where(nd => nd.Id is not null).Select(nd => nd.Id!.Value));
        var next = known.Max() + 1;
        var sizes = new Dictionary<Node, int>();
        var firstRow = new Dictionary<Node, int>();
        for (var i = 0; i < run.Leaf.Length; i++)
            for (var cur = run.Leaf[i]; cur is not null; cur = cur.Parent)
            {
                sizes[cur] = sizes.GetValueOrDefault(cur) + 1;
                firstRow.TryAdd(cur, i);
            }
        int Size(Node nd) => sizes.GetValueOrDefault(nd);
        int First(Node nd) => firstRow.GetValueOrDefault(nd, int.MaxValue);
        run.Roots.Sort((a, b) => Size(a) != Size(b) ? Size(b).CompareTo(Size(a)) : First(a).CompareTo(First(b)));
        var queue = new Queue<Node>(run.Roots);
        while (queue.Count > 0)
        {
            var nd = queue.Dequeue();
            nd.Id ??= next++;
            nd.Children.Sort((a, b) => Size(a) != Size(b) ? Size(b).CompareTo(Size(a)) : First(a).CompareTo(First(b)));
            foreach (var c in nd.Children) queue.Enqueue(c);
        }
    }

    /// <summary>
    /// Applies the reviewers' pending splits, in the order they were decided: the topic's passages (less those a
    /// reviewer pinned elsewhere inside it) are clustered into the parts asked for. A theme's parts replace its
    /// sub-themes; a sub-theme's parts replace it under its theme. The parts get new IDs (<see cref="AssignNewIds"/>)
    /// and are reported, so that the store keeps them by pinning. The seed follows the topic, not the decision, so that
    /// a preview of the split (a dry run before the decision exists) gives the parts the decision will.
    /// </summary>
    void ApplySplits(Run run, long?[] pinned)
    {
        foreach (var split in run.Constraints.Splits)
        {
            var target = Target(run, split.Topic);
            var node = FindNode(run, target);
            if (node is null)
            {
                // nothing left to split (every passage moved out or merged elsewhere): the decision is done
                run.AppliedSplits.Add((split, []));
                continue;
            }
            // a sub-theme a reviewer pinned passages to stays, with those passages; every other passage is split
            // (pins to topics this split replaces, such as an earlier split's sub-theme, give way to it)
            var keep = node.Children.Where(ch => !ch.Deleted && ch.Id is long cid && pinned.Any(p => p == cid)).ToHashSet();
            var rows = RowsOf(run, node).Where(r => !keep.Contains(run.Leaf[r]!) || pinned[r] != run.Leaf[r]!.Id).ToArray();
            var clusters = rows.Length == 0 ? []
                : ClusterRows(run.WithSeed(0xC0FFEE ^ (ulong)split.Topic), rows, Math.Clamp(split.Parts, 1, rows.Length), [], Math.Max(2, Restarts / 2), exact: true);
            var home = node.Parent ?? node;
            if (node.Parent is null)
            {
                node.Children.Clear();
                node.Children.AddRange(keep);
            }
            else
            {
                node.Parent.Children.Remove(node);
                node.Deleted = true;
            }
            var created = new List<Node>();
            foreach (var (partRows, centroid) in clusters)
            {
                var part = new Node { Parent = home, Depth = home.Depth + 1, Centroid = centroid };
                foreach (var r in partRows) run.Leaf[r] = part;
                home.Children.Add(part);
                created.Add(part);
            }
            run.AppliedSplits.Add((split, created));
        }
    }

    /// <summary>The splits applied, each part with its ID and passages (after <see cref="AssignNewIds"/>).</summary>
    static List<AppliedSplit> AppliedSplits(Run run)
    {
        if (run.AppliedSplits.Count == 0) return [];
        var members = new Dictionary<Node, List<long>>();
        foreach (var part in run.AppliedSplits.SelectMany(a => a.Parts)) members[part] = [];
        for (var i = 0; i < run.Leaf.Length; i++)
            if (run.Leaf[i] is { } leaf && members.TryGetValue(leaf, out var list)) list.Add(run.Input[i].PassageId);
        return run.AppliedSplits.Select(a => new AppliedSplit(a.Split.Decision,
            a.Parts.Where(p => !p.Deleted && p.Id is not null && members[p].Count > 0)
                .ToDictionary(p => p.Id!.Value, p => (IReadOnlyList<long>)members[p]))).ToList();
    }
}
