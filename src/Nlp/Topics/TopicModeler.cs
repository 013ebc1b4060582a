using System.Numerics.Tensors;

namespace Synthesis.Nlp.Topics;

/// <summary>
/// Themes and sub-themes over passage vectors, BERTopic-like but deterministic and reviewer-aware:
/// <list type="bullet">
/// <item>themes: spherical k-means (k-means++ seeding, restarts, best objective) with K given, carried over from the
/// previous run, or chosen by silhouette over a range around sqrt(n/2) (at most <see cref="MaxThemes"/>);</item>
/// <item>sub-themes: each theme of at least 2 x <see cref="MinTopicSize"/> passages is split into 2..MaxSubTopics;</item>
/// <item>every passage goes to its nearest centroid; only true outliers stay unassigned (cosine below
/// <see cref="OutlierFloor"/> and among the lowest <see cref="OutlierShare"/>), plus the reviewer's outliers;</item>
/// <item>IDs survive runs: clusters are warm-started from the previous topics' centroids and matched to them
/// greedily by passage Jaccard (at least <see cref="MatchJaccard"/>); new topics get IDs above every known ID;</item>
/// <item>reviewer constraints hold in every run: pins, merges, splits (the topic gets exactly that many children),
/// fixed labels, outliers;</item>
/// <item>labels from c-TF-IDF over lemmas, distinct between siblings; representatives by MMR; duplicate and
/// campaign groups reported per topic.</item>
/// </list>
/// One instance can be reused; <see cref="Fit"/> keeps no state between calls.
/// </summary>
public sealed class TopicModeler
{
    /// <summary>Upper bound of the automatic number of themes.</summary>
    public int MaxThemes { get; init; } = 30;

    /// <summary>Smallest sub-theme the automatic split aims for; themes under twice this size get no sub-themes.</summary>
    public int MinTopicSize { get; init; } = 10;

    /// <summary>A passage whose cosine to its nearest theme centroid is below this may be an outlier.</summary>
    public double OutlierFloor { get; init; } = 0.15;

    /// <summary>
    /// A passage may also be an outlier when its cosine is below this share of the median cosine of its theme
    /// (the floor adapts to the vectors: tight clusters have high cosines).
    /// </summary>
    public double OutlierRelative { get; init; } = 0.5;

    /// <summary>At most this share of the passages is left unassigned by the algorithm (zero vectors excepted).</summary>
    public double OutlierShare { get; init; } = 0.05;

    /// <summary>Passage Jaccard a new cluster needs with a previous topic to keep its ID.</summary>
    public double MatchJaccard { get; init; } = 0.5;

    /// <summary>k-means restarts for themes (the best objective is kept).</summary>
    public int Restarts { get; init; } = 4;

    /// <summary>k-means runs on a sample of this size, then is refined on every passage.</summary>
    public int KMeansSample { get; init; } = 20_000;

    /// <summary>Sample of the spectral seeding of themes (sub-themes use a third of it).</summary>
    public int SpectralSample { get; init; } = 2000;

    /// <summary>Passages used for the silhouette when choosing K.</summary>
    public int SilhouetteSample { get; init; } = 1500;

    /// <summary>Receives one line per stage with its elapsed time (progress display, profiling); null = silent.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Duplicate and campaign detection settings.</summary>
    public DuplicateDetector Duplicates { get; init; } = new();

    sealed class Node
    {
        public long? Id;
        public Node? Parent;
        public readonly List<Node> Children = [];
        public float[] Centroid = [];
        public int Depth;
        public int[] Members = []; // filled at the end (all passages of the subtree)
        public bool Deleted;
    }

    sealed class PrevInfo
    {
        public required long Id;
        public long? Parent;
        public required HashSet<int> Passages; // present passages, merged topics included
        public int Depth;
        public required string Label;
        public bool LabelFixed;
    }

    sealed class Run
    {
        public required IReadOnlyList<TopicInput> Input;
        public required float[][] Vectors;
        public required int Dim;
        public required ulong Seed;
        public required TopicOptions Options;
        public required ReviewConstraints Constraints;
        public required Dictionary<long, PrevInfo> Prev;
        public required Dictionary<long, long> MergeTarget;
        public required Dictionary<long, int> Splits;
        public required Node?[] Leaf;
        public readonly List<Node> Roots = [];
        public ulong Counter;
        public ulong NextSeed() => DetRandom.Mix(Seed, ++Counter);

        /// <summary>The same run with its own seed sequence, so that topics can be split in parallel deterministically.</summary>
        public Run WithSeed(ulong salt)
        {
            var copy = (Run)MemberwiseClone();
            copy.Seed = DetRandom.Mix(Seed, salt);
            copy.Counter = 0;
            return copy;
        }
    }

    /// <summary>Clusters the passages; see the class summary.</summary>
    public TopicResult Fit(IReadOnlyList<TopicInput> passages, TopicOptions options)
    {
        ArgumentNullException.ThrowIfNull(passages);
        options ??= new TopicOptions();
        var constraints = options.Constraints ?? ReviewConstraints.None;
        var n = passages.Count;
        if (n == 0) return new TopicResult([], new Dictionary<long, long?>(), []);
        var dim = passages[0].Vector.Length;
        var vectors = new float[n][];
        var indexOf = new Dictionary<long, int>(n);
        for (var i = 0; i < n; i++)
        {
            var v = passages[i].Vector;
            if (v.Length != dim) throw new ArgumentException($"passage {passages[i].PassageId}: vector length {v.Length}, expected {dim}");
            vectors[i] = v;
            if (!indexOf.TryAdd(passages[i].PassageId, i)) throw new ArgumentException($"passage {passages[i].PassageId} given twice");
        }

        var run = new Run
        {
            Input = passages,
            Vectors = vectors,
            Dim = dim,
            Seed = options.Seed is int s ? (ulong)(uint)s : (ulong)Random.Shared.NextInt64(),
            Options = options,
            Constraints = constraints,
            Prev = [],
            MergeTarget = ResolveMerges(constraints.Merges),
            Splits = constraints.Splits.GroupBy(x => x.Topic).ToDictionary(g => g.Key, g => Math.Max(1, g.Last().Parts)),
            Leaf = new Node?[n],
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Stage(string what) { Log?.Invoke($"{what}: {clock.Elapsed.TotalSeconds:F2} s"); clock.Restart(); }
        BuildPrevious(run, options.Previous ?? [], indexOf);

        // who takes part: reviewer outliers stay out; zero vectors are outliers unless pinned
        var reviewerOutlier = new bool[n];
        var pinned = new long?[n];
        for (var i = 0; i < n; i++)
        {
            var id = passages[i].PassageId;
            if (constraints.Outliers.Contains(id)) { reviewerOutlier[i] = true; continue; }
            if (constraints.PinnedPassages.TryGetValue(id, out var t)) pinned[i] = Target(run, t);
        }
        var active = Enumerable.Range(0, n).Where(i => !reviewerOutlier[i] && (pinned[i] is not null || TensorPrimitives.Norm(vectors[i]) > 1e-6f)).ToArray();

        // themes
        if (active.Length > 0)
        {
            var prevThemes = run.Prev.Values.Where(p => p.Depth == 0 && p.Passages.Count > 0).OrderBy(p => p.Id).ToList();
            var k = options.K ?? (prevThemes.Count > 0 ? prevThemes.Count : ChooseK(run, active, 2, Math.Min(MaxThemes, Math.Max(2, (int)Math.Round(Math.Sqrt(active.Length / 2.0))))));
            Stage($"K = {k}");
            var themes = ClusterRows(run, active, k, prevThemes, Restarts);
            Stage("themes");

            // outliers: low similarity to the nearest theme, at most OutlierShare of the passages
            var forced = ForcedRows(run, pinned);
            var candidates = new List<(float Sim, int Row)>();
            foreach (var (rows, centroid) in themes)
            {
                var sims = rows.Select(r => TensorPrimitives.Dot(vectors[r], centroid)).ToArray();
                var sorted = sims.Order().ToArray();
                var median = sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
                var threshold = Math.Max(OutlierFloor, OutlierRelative * median);
                for (var i = 0; i < rows.Length; i++)
                    if (!forced.Contains(rows[i]) && sims[i] < threshold) candidates.Add((sims[i], rows[i]));
            }
            candidates.Sort((a, b) => a.Sim != b.Sim ? a.Sim.CompareTo(b.Sim) : a.Row.CompareTo(b.Row));
            var budget = (int)Math.Floor(OutlierShare * active.Length);
            var outlier = candidates.Take(budget).Select(c => c.Row).ToHashSet();

            var level = new List<Node>();
            foreach (var (rows, centroid) in themes)
            {
                var kept = rows.Where(r => !outlier.Contains(r)).ToArray();
                if (kept.Length == 0) continue;
                var node = new Node { Centroid = centroid, Depth = 0 };
                foreach (var r in kept) run.Leaf[r] = node;
                run.Roots.Add(node);
                level.Add(node);
            }
            MatchIds(run, level, 0);
            Stage("outliers and theme IDs");

            // sub-themes (and deeper levels where a reviewer split a sub-theme)
            for (var depth = 0; level.Count > 0; depth++)
            {
                var next = new List<Node>();
                // each topic is split on its own (rows and seeds of its own), in parallel; results are applied in order
                var nodeRows = level.Select(nd => RowsOf(run, nd)).ToArray();
                var splits = new List<(int[] Rows, float[] Centroid)>?[level.Count];
                var levelDepth = depth;
                Parallel.For(0, level.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
                {
                    var node = level[i];
                    var rows = nodeRows[i];
                    var own = run.WithSeed(((ulong)levelDepth << 32) + (ulong)i + 1);
                    int parts;
                    if (node.Id is long id && run.Splits.TryGetValue(id, out var sp)) parts = sp;
                    else if (levelDepth == 0 && rows.Length >= 2 * MinTopicSize)
                    {
                        var maxK = Math.Max(2, Math.Min(options.MaxSubTopics, rows.Length / MinTopicSize));
                        var prevChildren = node.Id is long pid ? run.Prev.Values.Where(p => p.Parent == pid && p.Passages.Count > 0).Count() : 0;
                        parts = prevChildren >= 2 ? Math.Min(prevChildren, maxK) : ChooseK(own, rows, 2, maxK, Math.Max(200, SilhouetteSample / 3));
                    }
                    else return;
                    if (parts < 2 || rows.Length < parts) return;
                    var prevKids = node.Id is long nid
                        ? run.Prev.Values.Where(p => p.Parent == nid && p.Passages.Count > 0).OrderBy(p => p.Id).ToList()
                        : [];
                    splits[i] = ClusterRows(own, rows, parts, prevKids, Math.Max(2, Restarts / 2), exact: true);
                });
                for (var i = 0; i < level.Count; i++)
                {
                    if (splits[i] is not { } subs) continue;
                    var node = level[i];
                    foreach (var (subRows, centroid) in subs)
                    {
                        if (subRows.Length == 0) continue;
                        var child = new Node { Centroid = centroid, Depth = depth + 1, Parent = node };
                        foreach (var r in subRows) run.Leaf[r] = child;
                        node.Children.Add(child);
                        next.Add(child);
                    }
                    if (node.Children.Count == 1) { foreach (var r in subs[0].Rows) run.Leaf[r] = node; node.Children.Clear(); next.RemoveAt(next.Count - 1); }
                }
                MatchIds(run, next, depth + 1);
                level = next;
                Stage($"level {depth + 1}");
            }
        }

        ApplyMerges(run);
        ApplyPins(run, pinned);
        Prune(run);
        AssignNewIds(run);
        Stage("constraints");
        var result = Describe(run, reviewerOutlier, Stage);
        return result;
    }

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

    // ----- clustering -----

    KMeansResult KMeans(Run run, int[] rows, int k, int restarts, float[][]? warm, int spectralSample)
    {
        var km = new SphericalKMeans { Restarts = restarts, SampleSize = KMeansSample, SpectralSample = spectralSample };
        if (warm is { Length: > 0 })
        {
            var seeds = warm.Length >= k
                ? warm.Take(k).Select(c => (float[])c.Clone()).ToArray()
                : SphericalKMeans.PlusPlus(run.Vectors, rows, k, new DetRandom(run.NextSeed()), warm.Select(c => (float[])c.Clone()).ToArray());
            return km.Fit(run.Vectors, rows, k, run.NextSeed(), seeds);
        }
        return km.Fit(run.Vectors, rows, k, run.NextSeed());
    }

    /// <summary>k clusters of <paramref name="rows"/>, warm-started from the previous topics' centroids when there are any.</summary>
    List<(int[] Rows, float[] Centroid)> ClusterRows(Run run, int[] rows, int k, List<PrevInfo> previous, int restarts, bool exact = false)
    {
        k = Math.Max(1, Math.Min(k, rows.Length));
        var rowSet = rows.ToHashSet();
        var warm = previous
            .Select(p => (p, present: p.Passages.Where(rowSet.Contains).ToArray()))
            .Where(x => x.present.Length > 0)
            .OrderByDescending(x => x.present.Length).ThenBy(x => x.p.Id)
            .Take(k)
            .Select(x => VectorMath.Centroid(run.Vectors, x.present, run.Dim))
            .Where(c => TensorPrimitives.Norm(c) > 0)
            .ToArray();
        var result = KMeans(run, rows, k, restarts, warm, exact ? Math.Max(200, SpectralSample / 3) : SpectralSample);
        var groups = new List<int>[result.Centroids.Length];
        for (var c = 0; c < groups.Length; c++) groups[c] = [];
        for (var i = 0; i < rows.Length; i++) groups[result.Labels[i]].Add(rows[i]);
        var list = new List<(int[], float[])>();
        for (var c = 0; c < groups.Length; c++)
            if (groups[c].Count > 0 || exact) list.Add((groups[c].ToArray(), result.Centroids[c]));
        return list.Where(x => x.Item1.Length > 0).ToList();
    }

    /// <summary>K in [lo, hi] with the best mean silhouette (cosine) on a sample; a tie goes to the smaller K.</summary>
    int ChooseK(Run run, int[] rows, int lo, int hi, int? silhouetteSample = null)
    {
        hi = Math.Min(hi, rows.Length - 1);
        if (hi <= lo) return Math.Max(1, Math.Min(lo, rows.Length));
        var rng = new DetRandom(run.NextSeed());
        var fitRows = rng.Sample(rows, Math.Min(rows.Length, 4000));
        var silRows = rng.Sample(rows, Math.Min(rows.Length, silhouetteSample ?? SilhouetteSample));
        var sims = SphericalKMeans.SimilarityMatrix(run.Vectors, silRows);
        var candidates = new SortedSet<int>();
        var steps = Math.Min(8, hi - lo + 1);
        for (var s = 0; s < steps; s++) candidates.Add(lo + (int)Math.Round((double)s * (hi - lo) / Math.Max(1, steps - 1)));
        var bestK = lo;
        var bestScore = double.NegativeInfinity;
        var labels = new int[silRows.Length];
        var silSims = new float[silRows.Length];
        foreach (var k in candidates)
        {
            var km = new SphericalKMeans { Restarts = 2, SampleSize = KMeansSample, SpectralInit = false };
            var result = km.Fit(run.Vectors, fitRows, k, run.NextSeed());
            SphericalKMeans.Assign(run.Vectors, silRows, result.Centroids, labels, silSims);
            var score = SphericalKMeans.Silhouette(sims, silRows.Length, labels, result.Centroids.Length);
            if (score > bestScore + 1e-9) { bestScore = score; bestK = k; }
        }
        return bestK;
    }

    int[] RowsOf(Run run, Node node)
    {
        var list = new List<int>();
        for (var i = 0; i < run.Leaf.Length; i++)
        {
            var leaf = run.Leaf[i];
            for (var cur = leaf; cur is not null; cur = cur.Parent)
                if (cur == node) { list.Add(i); break; }
        }
        return list.ToArray();
    }

    /// <summary>Greedy one-to-one matching of new nodes to previous topics of the same depth by passage Jaccard.</summary>
    void MatchIds(Run run, List<Node> nodes, int depth)
    {
        if (nodes.Count == 0) return;
        var prev = run.Prev.Values.Where(p => p.Depth == depth && p.Passages.Count > 0).ToList();
        if (prev.Count == 0) return;
        var members = nodes.Select(nd => RowsOf(run, nd)).ToList();
        var pairs = new List<(double J, int Node, long Prev)>();
        for (var a = 0; a < nodes.Count; a++)
        {
            var set = members[a];
            foreach (var p in prev)
            {
                var inter = 0;
                foreach (var r in set) if (p.Passages.Contains(r)) inter++;
                if (inter == 0) continue;
                var j = (double)inter / (set.Length + p.Passages.Count - inter);
                if (j >= MatchJaccard) pairs.Add((j, a, p.Id));
            }
        }
        pairs.Sort((x, y) => x.J != y.J ? y.J.CompareTo(x.J) : x.Prev != y.Prev ? x.Prev.CompareTo(y.Prev) : x.Node.CompareTo(y.Node));
        var usedPrev = new HashSet<long>(run.Roots.SelectMany(Descendants).Where(nd => nd.Id is not null).Select(nd => nd.Id!.Value));
        foreach (var (_, a, id) in pairs)
        {
            if (nodes[a].Id is not null || usedPrev.Contains(id)) continue;
            nodes[a].Id = id;
            usedPrev.Add(id);
        }
    }

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
        var named = run.Constraints.PinnedPassages.Values.Select(t => Target(run, t))
            .Concat(run.Splits.Keys).Concat(run.Constraints.FixedLabels.Keys).ToHashSet();
        foreach (var node in run.Roots.SelectMany(Descendants).ToList())
        {
            if (node.Children.Count != 1) continue;
            var only = node.Children[0];
            if (only.Id is long oid && named.Contains(oid)) continue;
            if (only.Children.Count > 0) continue;
            for (var i = 0; i < run.Leaf.Length; i++) if (run.Leaf[i] == only) run.Leaf[i] = node;
            node.Children.Clear();
        }
    }

    void AssignNewIds(Run run)
    {
        var known = new List<long> { 0 };
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

        var labels = new Dictionary<Node, (string Label, bool Fixed, List<string> Keywords)>();
        void LabelSiblings(List<Node> siblings)
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
        }
        LabelSiblings(run.Roots);
        foreach (var nd in nodes) LabelSiblings(nd.Children);

        var topics = new List<FoundTopic>();
        foreach (var nd in nodes)
        {
            var (label, isFixed, keywords) = labels[nd];
            topics.Add(new FoundTopic(nd.Id!.Value, nd.Parent?.Id, label, isFixed, keywords, Representatives(run, nd), nd.Members.Length));
        }

        stage("labels and representatives");
        var assignment = new Dictionary<long, long?>(n);
        for (var i = 0; i < n; i++) assignment[run.Input[i].PassageId] = reviewerOutlier[i] ? null : run.Leaf[i]?.Id;

        var groups = Duplicates.Find(run.Input.Select(p => p.Text).ToList(), run.Vectors);
        var duplicates = new List<DuplicateGroup>();
        foreach (var g in groups)
        {
            var topic = g.Items.Select(i => run.Leaf[i]?.Id).Where(id => id is not null).GroupBy(id => id!.Value)
                .OrderByDescending(x => x.Count()).ThenBy(x => x.Key).Select(x => x.Key).FirstOrDefault();
            duplicates.Add(new DuplicateGroup(topic, g.Items.Select(i => run.Input[i].PassageId).ToList(), g.Templated));
        }
        stage("duplicates");
        duplicates.Sort((a, b) => a.PassageIds.Count != b.PassageIds.Count ? b.PassageIds.Count.CompareTo(a.PassageIds.Count) : a.PassageIds[0].CompareTo(b.PassageIds[0]));
        return new TopicResult(topics, assignment, duplicates);
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

    /// <summary>3 to 5 passages by maximal marginal relevance: central (cosine to the centroid) and unlike each other.</summary>
    static IReadOnlyList<long> Representatives(Run run, Node node, int count = 5, double lambda = 0.7)
    {
        var members = node.Members;
        if (members.Length == 0) return [];
        var central = members.Select(r => (Row: r, Sim: TensorPrimitives.Dot(run.Vectors[r], node.Centroid)))
            .OrderByDescending(x => x.Sim).ThenBy(x => x.Row).Take(40).ToList();
        var chosen = new List<int>();
        var seenTexts = new HashSet<string>(StringComparer.Ordinal);
        while (chosen.Count < count && central.Count > 0)
        {
            var best = -1;
            var bestScore = double.NegativeInfinity;
            for (var c = 0; c < central.Count; c++)
            {
                var (row, sim) = central[c];
                double maxSim = 0;
                foreach (var ch in chosen) maxSim = Math.Max(maxSim, TensorPrimitives.Dot(run.Vectors[row], run.Vectors[ch]));
                var score = lambda * sim - (1 - lambda) * maxSim;
                if (score > bestScore) { bestScore = score; best = c; }
            }
            var pick = central[best].Row;
            central.RemoveAt(best);
            // the same text twice is never two representatives
            if (!seenTexts.Add(string.Join(' ', DuplicateDetector.Words(run.Input[pick].Text))) && central.Count + chosen.Count >= 3) continue;
            chosen.Add(pick);
        }
        return chosen.Select(r => run.Input[r].PassageId).ToList();
    }
}
