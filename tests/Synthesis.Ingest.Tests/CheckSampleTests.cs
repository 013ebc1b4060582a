using Synthesis.Ingest.Review;

namespace Synthesis.Ingest.Tests;

public class CheckSampleTests
{
    static List<CheckCandidate> Candidates()
    {
        // platform 600 passages over themes 1 (400) and 2 (200); street events 300 in theme 1; workshops 100 without a theme
        var list = new List<CheckCandidate>();
        long id = 0;
        void Add(int n, string channel, long? theme)
        {
            for (var i = 0; i < n; i++) list.Add(new CheckCandidate(++id, id, $"passage {id}", channel, theme, "neutral", "solution", 0.9, 0.9));
        }
        Add(400, "platform", 1); Add(200, "platform", 2); Add(300, "street_event", 1); Add(100, "workshop", null);
        return list;
    }

    [Fact]
    public void A_sample_follows_each_channel_and_themes_share_is_random_within_them_and_the_same_seed_draws_the_same()
    {
        var candidates = Candidates();
        var sample = CheckSample.Draw(candidates, 100, seed: 42);
        Assert.Equal(100, sample.Count);
        Assert.Equal(100, sample.Select(s => s.Passage.PassageId).Distinct().Count());
        var byStratum = sample.GroupBy(s => s.Stratum).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(40, byStratum["platform/1"]);
        Assert.Equal(20, byStratum["platform/2"]);
        Assert.Equal(30, byStratum["street_event/1"]);
        Assert.Equal(10, byStratum["workshop/0"]);
        Assert.Equal(sample.Select(s => s.Passage.PassageId), CheckSample.Draw(Candidates(), 100, seed: 42).Select(s => s.Passage.PassageId));
        Assert.NotEqual(sample.Select(s => s.Passage.PassageId), CheckSample.Draw(Candidates(), 100, seed: 43).Select(s => s.Passage.PassageId));
        // not in stratum order: labelling does not go theme by theme
        Assert.NotEqual(sample.Select(s => s.Stratum).Order(), sample.Select(s => s.Stratum));
    }

    [Fact]
    public void Remainders_go_to_the_largest_shares_and_a_sample_cannot_exceed_the_passages()
    {
        var sample = CheckSample.Draw(Candidates(), 7, seed: 1);
        Assert.Equal(7, sample.Count);
        // quotas 2.8, 1.4, 2.1, 0.7: floors 2, 1, 2, 0 then the largest remainders (0.8, 0.7) get one each
        var byStratum = sample.GroupBy(s => s.Stratum).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, byStratum["platform/1"]);
        Assert.Equal(1, byStratum["platform/2"]);
        Assert.Equal(2, byStratum["street_event/1"]);
        Assert.Equal(1, byStratum["workshop/0"]);
        Assert.Equal(3, CheckSample.Draw(Candidates().Take(3).ToList(), 100, seed: 1).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => CheckSample.Draw(Candidates(), CheckSample.MaxSize + 1, seed: 1));
    }
}
