using System.Numerics.Tensors;

namespace Synthesis.Nlp.Topics;

/// <summary>
/// Themes and sub-themes over passage vectors, BERTopic-like but deterministic and reviewer-aware:
/// <list type="bullet">
/// <item>themes: spherical k-means (k-means++ seeding, restarts, best objective) with K given, carried over from the
/// previous run, or the largest stable K across halves of the contributions (<see cref="ChooseThemeCount"/>);</item>
/// <item>sub-themes: each theme of at least 2 x <see cref="MinTopicSize"/> passages is split into 2..MaxSubTopics;</item>
/// <item>every passage goes to its nearest centroid; only true outliers stay unassigned (cosine below
/// <see cref="OutlierFloor"/> and among the lowest <see cref="OutlierShare"/>), plus the reviewer's outliers;</item>
/// <item>IDs survive runs: clusters are warm-started from the previous topics' centroids and matched to them
/// greedily by passage Jaccard (at least <see cref="MatchJaccard"/>); new topics get IDs above every known ID;</item>
/// <item>reviewer constraints hold in every run: pins, merges, fixed labels, outliers; a pending split is applied once
/// (<see cref="ApplySplits"/>) and its parts reported, which the store then keeps by pinning;</item>
/// <item>labels from c-TF-IDF over lemmas, distinct between siblings, replaced by a French noun-phrase name when a
/// <see cref="Namer"/> is given; quotes from many voices (<see cref="Summaries.Voices"/>); duplicate and
/// campaign groups reported per topic.</item>
/// </list>
/// One instance can be reused; <see cref="Fit"/> keeps no state between calls.
/// </summary>
public sealed partial class TopicModeler
{
    /// <summary>Upper bound of the automatic number of themes.</summary>
    public int MaxThemes { get; init; } = 30;

    /// <summary>
    /// Most passes that cluster the themes again from their own passages after the first clustering (see <see cref="Fit"/>):
    /// the themes then stay the same in a run where nothing changed.
    /// </summary>
    public int SettlePasses { get; init; } = 5;

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

    /// <summary>
    /// Passage Jaccard a topic needs with its previous self to keep its automatic name: a run that moves a few passages
    /// (a reviewer's check, a handful of new contributions) does not rename « Aides sociales et retraite » to « Aides et
    /// retraite »; a topic that changed more is named afresh.
    /// </summary>
    public double KeepLabelJaccard { get; init; } = 0.9;

    /// <summary>k-means restarts for themes (the best objective is kept).</summary>
    public int Restarts { get; init; } = 4;

    /// <summary>k-means runs on a sample of this size, then is refined on every passage.</summary>
    public int KMeansSample { get; init; } = 20_000;

    /// <summary>Sample of the spectral seeding of themes (sub-themes use a third of it).</summary>
    public int SpectralSample { get; init; } = 2000;

    /// <summary>Passages used for the silhouette when choosing the number of sub-themes of a theme.</summary>
    public int SilhouetteSample { get; init; } = 1500;

    /// <summary>Receives one line per stage with its elapsed time (progress display, profiling); null = silent.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Names topics in French from their passages' noun phrases; null = keyword labels only.</summary>
    public TopicNamer? Namer { get; init; }

    /// <summary>Writes the keywords as the passages write them; null = the lemmas and lemma pairs they are ranked as.</summary>
    public KeywordForms? Forms { get; init; }

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
        public readonly List<(SplitConstraint Split, List<Node> Parts)> AppliedSplits = [];
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
            var stability = "";
            int k;
            if (options.K is int given) k = given;
            else if (prevThemes.Count > 0) k = prevThemes.Count;
            else
            {
                (k, var scores) = ChooseThemeCount(run, active);
                stability = scores.Count == 0 ? "" : " (stability " + string.Join(", ", scores.Select(x => FormattableString.Invariant($"{x.K} {x.Stability:F3}"))) + ")";
            }
            Stage($"K = {k}{stability}");
            // A theme merged away by a reviewer since the last run keeps a seed of its own in this run: the merged
            // theme's centroid alone would sit between the two and pull other themes' passages; the cluster that
            // forms around the merged-away passages then follows them into the merge (ApplyMerges).
            var seeds = prevThemes;
            if (options.K is null && prevThemes.Count > 0)
            {
                var mergedAway = (options.Previous ?? []).Where(p => p.ParentId is null && run.MergeTarget.ContainsKey(p.Id))
                    .Select(p => new PrevInfo { Id = p.Id, Label = p.Label, Passages = p.PassageIds.Where(indexOf.ContainsKey).Select(x => indexOf[x]).ToHashSet() })
                    .Where(p => p.Passages.Count > 0).ToList();
                if (mergedAway.Count > 0)
                {
                    var away = mergedAway.SelectMany(p => p.Passages).ToHashSet();
                    seeds = [.. prevThemes.Select(p => run.MergeTarget.ContainsValue(p.Id)
                        ? new PrevInfo { Id = p.Id, Label = p.Label, Passages = p.Passages.Where(r => !away.Contains(r)).ToHashSet() } : p), .. mergedAway];
                    k += mergedAway.Count;
                }
            }
            var themes = ClusterRows(run, active, k, seeds, Restarts);
            var forced = ForcedRows(run, pinned);
            var outlier = Outliers(run, themes, forced, active.Length);
            // settle: the themes are clustered again from their own passages, as the next run will, until that moves
            // none, so that a run with nothing changed (a name, a model retrained) moves no passage
            for (var pass = 0; pass < SettlePasses && themes.Count > 1; pass++)
            {
                var own = themes.Select((t, i) => new PrevInfo { Id = i, Label = "", Passages = t.Rows.Where(r => !outlier.Contains(r)).ToHashSet() })
                    .Where(p => p.Passages.Count > 0).ToList();
                var again = ClusterRows(run, active, own.Count, own, Restarts);
                var againOutlier = Outliers(run, again, forced, active.Length);
                var same = SamePartition(themes, again) && outlier.SetEquals(againOutlier);
                themes = again;
                outlier = againOutlier;
                if (same) break;
            }
            Stage("themes");

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

            // sub-themes: the hierarchy has two levels (a reviewer's split of a sub-theme makes siblings, see ApplySplits)
            for (var depth = 0; depth < 1 && level.Count > 0; depth++)
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
                    // as many sub-themes as the previous run had (a reviewer's split may have made more than the
                    // automatic choice would), else an automatic choice for a theme big enough
                    var prevChildren = node.Id is long pid ? run.Prev.Values.Where(p => p.Parent == pid && p.Passages.Count > 0).Count() : 0;
                    int parts;
                    if (prevChildren >= 2) parts = Math.Min(prevChildren, rows.Length);
                    else if (rows.Length >= 2 * MinTopicSize)
                    {
                        var maxK = Math.Max(2, Math.Min(options.MaxSubTopics, rows.Length / MinTopicSize));
                        parts = ChooseK(own, rows, 2, maxK, Math.Max(200, SilhouetteSample / 3));
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
        ApplySplits(run, pinned);
        Prune(run);
        AssignNewIds(run);
        Stage("constraints");
        var result = Describe(run, reviewerOutlier, Stage);
        return result with { AppliedSplits = AppliedSplits(run) };
    }

    // ----- clustering -----

    KMeansResult KMeans(Run run, int[] rows, int k, int restarts, float[][]? warm, int spectralSample, bool byContribution = false)
    {
        var km = new SphericalKMeans { Restarts = restarts, SampleSize = KMeansSample, SpectralSample = spectralSample };
        if (warm is { Length: > 0 })
        {
            var seeds = warm.Length >= k
                ? warm.Take(k).Select(c => (float[])c.Clone()).ToArray()
                : SphericalKMeans.PlusPlus(run.Vectors, rows, k, new DetRandom(run.NextSeed()), warm.Select(c => (float[])c.Clone()).ToArray());
            return km.Fit(run.Vectors, rows, k, run.NextSeed(), seeds);
        }
        return km.Fit(run.Vectors, rows, k, run.NextSeed(), groups: byContribution ? rows.Select(r => run.Input[r].ContributionId).ToArray() : null);
    }

    /// <summary>k clusters of <paramref name="rows"/>, warm-started from the previous topics' centroids when there are any.</summary>
    List<(int[] Rows, float[] Centroid)> ClusterRows(Run run, int[] rows, int k, List<PrevInfo> previous, int restarts, bool exact = false)
    {
        k = Math.Max(1, Math.Min(k, rows.Length));
        var warm = WarmCentroids(run, rows, k, previous);
        // themes are seeded from contributions when the passages outnumber the spectral sample (see SphericalKMeans.Fit)
        var result = KMeans(run, rows, k, restarts, warm, exact ? Math.Max(200, SpectralSample / 3) : SpectralSample, byContribution: !exact);
        var groups = new List<int>[result.Centroids.Length];
        for (var c = 0; c < groups.Length; c++) groups[c] = [];
        for (var i = 0; i < rows.Length; i++) groups[result.Labels[i]].Add(rows[i]);
        var list = new List<(int[], float[])>();
        for (var c = 0; c < groups.Length; c++)
            if (groups[c].Count > 0 || exact) list.Add((groups[c].ToArray(), result.Centroids[c]));
        return list.Where(x => x.Item1.Length > 0).ToList();
    }

    /// <summary>
    /// Outliers: passages of low similarity to their theme's centroid (under <see cref="OutlierFloor"/> or
    /// <see cref="OutlierRelative"/> times the theme's median), the lowest first, at most <see cref="OutlierShare"/> of
    /// the active passages; a reviewer's decision keeps a passage in.
    /// </summary>
    HashSet<int> Outliers(Run run, List<(int[] Rows, float[] Centroid)> themes, HashSet<int> forced, int active)
    {
        var candidates = new List<(float Sim, int Row)>();
        foreach (var (rows, centroid) in themes)
        {
            var sims = rows.Select(r => TensorPrimitives.Dot(run.Vectors[r], centroid)).ToArray();
            var sorted = sims.Order().ToArray();
            var median = sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
            var threshold = Math.Max(OutlierFloor, OutlierRelative * median);
            for (var i = 0; i < rows.Length; i++)
                if (!forced.Contains(rows[i]) && sims[i] < threshold) candidates.Add((sims[i], rows[i]));
        }
        candidates.Sort((a, b) => a.Sim != b.Sim ? a.Sim.CompareTo(b.Sim) : a.Row.CompareTo(b.Row));
        var budget = (int)Math.Floor(OutlierShare * active);
        return candidates.Take(budget).Select(c => c.Row).ToHashSet();
    }

    /// <summary>Whether two clusterings group the rows the same way (whatever the clusters' order).</summary>
    static bool SamePartition(List<(int[] Rows, float[] Centroid)> a, List<(int[] Rows, float[] Centroid)> b)
    {
        if (a.Count != b.Count) return false;
        var clusterOf = new Dictionary<int, int>();
        for (var c = 0; c < a.Count; c++) foreach (var r in a[c].Rows) clusterOf[r] = c;
        foreach (var (rows, _) in b)
        {
            if (rows.Length == 0) continue;
            if (!clusterOf.TryGetValue(rows[0], out var c) || a[c].Rows.Length != rows.Length) return false;
            if (rows.Any(r => !clusterOf.TryGetValue(r, out var d) || d != c)) return false;
        }
        return true;
    }

    /// <summary>
    /// The previous topics' centroids over <paramref name="rows"/> (the k largest), each also holding the rows no previous
    /// topic held that are nearest to it: the previous run's k-means had them (the outliers are set aside after it),
    /// so that with the same rows the centroids are the ones it converged to and no passage moves.
    /// </summary>
    static float[][] WarmCentroids(Run run, int[] rows, int k, List<PrevInfo> previous)
    {
        var rowSet = rows.ToHashSet();
        var members = previous
            .Select(p => (p, present: p.Passages.Where(rowSet.Contains).ToList()))
            .Where(x => x.present.Count > 0)
            .OrderByDescending(x => x.present.Count).ThenBy(x => x.p.Id)
            .Take(k)
            .Select(x => x.present)
            .ToList();
        if (members.Count == 0) return [];
        var heldRows = members.SelectMany(m => m).ToHashSet();
        var loose = rows.Where(r => !heldRows.Contains(r) && TensorPrimitives.Norm(run.Vectors[r]) > 0).ToArray();
        // k-means over the loose rows alone, the held ones staying where they were, until none moves (a new import's
        // passages are loose too: the assignment runs in parallel chunks, as Lloyd's does)
        var held = members.Select(m =>
        {
            var sum = new float[run.Dim];
            foreach (var r in m) TensorPrimitives.Add(sum, run.Vectors[r], sum);
            return sum;
        }).ToArray();
        var centroids = held.Select(Normalised).ToArray();
        var nearest = new int[loose.Length];
        Array.Fill(nearest, -1);
        var sims = new float[loose.Length];
        for (var iteration = 0; iteration < 20 && loose.Length > 0; iteration++)
        {
            if (SphericalKMeans.Assign(run.Vectors, loose, centroids, nearest, sims) == 0) break;
            var sums = held.Select(h => (float[])h.Clone()).ToArray();
            for (var i = 0; i < loose.Length; i++) TensorPrimitives.Add(sums[nearest[i]], run.Vectors[loose[i]], sums[nearest[i]]);
            centroids = sums.Select(Normalised).ToArray();
        }
        return centroids.Where(c => TensorPrimitives.Norm(c) > 0).ToArray();
    }

    static float[] Normalised(float[] sum)
    {
        var c = (float[])sum.Clone();
        VectorMath.Normalize(c);
        return c;
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
            var km = new SphericalKMeans { Restarts = 1, SampleSize = KMeansSample, SpectralInit = false };
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

    /// <summary>The Jaccard index of a node's rows and a previous topic's.</summary>
    static double Jaccard(int[] rows, HashSet<int> previous)
    {
        var inter = 0;
        foreach (var r in rows) if (previous.Contains(r)) inter++;
        var union = rows.Length + previous.Count - inter;
        return union == 0 ? 0 : (double)inter / union;
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
}
