using Synthesis.Tests;
using Microsoft.Data.Sqlite;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Pipeline;
using Synthesis.Nlp;

namespace Synthesis.Ingest.Tests;

public class PipelineRunnerTests
{
    static SynthesisStore ImportedStore(string content)
    {
        var store = TestData.NewStore();
        new Importer(store, new ImportOptions()).Import(TestData.WriteFile("c.jsonl", content));
        return store;
    }

    static readonly PipelineOptions Fast = new() { Workers = 2, RetryDelay = TimeSpan.FromMilliseconds(10), MaxAttempts = 3 };

    [Fact]
    public async Task Text_contributions_flow_to_passages_with_their_ranges_and_media_wait_parked()
    {
        var store = TestData.NewStore();
        new Importer(store, new ImportOptions()).Import(TestData.EvalData("demo"));
        await TestPipeline.Default.Runner(store, Fast).RunUntilIdleAsync();

        using var c = store.Connect();
        var counts = JobQueue.Counts(c);
        Assert.Equal(0, counts.Pending + counts.Running + counts.Failed);
        Assert.Equal(3, counts.Parked);
        Assert.Contains("synthesis models pull", (string)c.Scalar("SELECT last_error FROM jobs WHERE stage = 'transcribe' LIMIT 1")!);
        Assert.Equal(1, c.ScalarLong("SELECT count(*) FROM jobs WHERE stage = 'corpus' AND state = 'done'"));
        Assert.Equal(0, c.ScalarLong("SELECT count(*) FROM contributions co WHERE media = 'text' AND NOT EXISTS (SELECT 1 FROM passages p WHERE p.contribution_id = co.id)"));
        // Every passage is exactly its range (UTF-16 offsets) of the contribution's text.
        using var command = c.Command("SELECT co.text, p.char_start, p.char_end, p.text FROM passages p JOIN contributions co ON co.id = p.contribution_id");
        using var reader = command.ExecuteReader();
        var checkedPassages = 0;
        while (reader.Read())
        {
            Assert.Equal(reader.GetString(3), reader.GetString(0)[reader.GetInt32(1)..reader.GetInt32(2)]);
            checkedPassages++;
        }
        Assert.True(checkedPassages > 8_000);
    }

    [Fact]
    public async Task Running_again_after_new_input_processes_only_the_new_contributions()
    {
        var store = ImportedStore("{\"id\":1,\"text\":\"Première idée. Deuxième idée.\"}\n");
        await TestPipeline.Default.Runner(store, Fast).RunUntilIdleAsync();
        new Importer(store, new ImportOptions()).Import(TestData.WriteFile("d.jsonl", "{\"id\":2,\"text\":\"Troisième idée.\"}\n"));
        await TestPipeline.Default.Runner(store, Fast).RunUntilIdleAsync();

        using var c = store.Connect();
        Assert.Equal(3, c.ScalarLong("SELECT count(*) FROM passages"));
        Assert.Equal(1, c.ScalarLong("SELECT attempts FROM jobs WHERE stage = 'segment' AND subject = 1"));
        Assert.Equal("done", c.Scalar("SELECT state FROM jobs WHERE stage = 'corpus'"));
    }

    sealed class FlakyStage(long failingSubject) : IPipelineStage
    {
        public string Name => Stages.Analyse;
        public int BatchSize => 10;
        public Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, System.Data.Common.DbConnection connection, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<JobOutcome>>(jobs.Select(j => j.Subject == failingSubject
                ? (JobOutcome)new JobOutcome.Failed($"cannot analyse {j.Subject}")
                : new JobOutcome.Completed(null)).ToArray());
    }

    [Fact]
    public async Task A_failing_job_is_retried_then_parked_while_the_others_complete()
    {
        var store = ImportedStore("{\"id\":1,\"text\":\"Un.\"}\n{\"id\":2,\"text\":\"Deux.\"}\n{\"id\":3,\"text\":\"Trois.\"}\n");
        var runner = new PipelineRunner(store, [new SegmentStage(PassageSplitter.Default), new FlakyStage(2)], Fast);
        await runner.RunUntilIdleAsync();

        using var c = store.Connect();
        Assert.Equal("parked|3|cannot analyse 2", c.Scalar("SELECT state || '|' || attempts || '|' || last_error FROM jobs WHERE stage = 'analyse' AND subject = 2"));
        Assert.Equal(2, c.ScalarLong("SELECT count(*) FROM jobs WHERE stage = 'analyse' AND state = 'done'"));
    }

    [Fact]
    public async Task Jobs_blocked_on_a_prerequisite_resume_by_themselves_once_it_exists()
    {
        var store = TestData.NewStore();
        new Importer(store, new ImportOptions()).Import(TestData.EvalData("demo", "enregistrements"));
        var present = false;
        var transcribed = new List<long>();
        var runner = new PipelineRunner(store, [new GatedStage(() => present, transcribed)], Fast);
        await runner.RunUntilIdleAsync();
        using var c = store.Connect();
        Assert.Equal(3, JobQueue.Counts(c).Parked);
        Assert.Equal("no model: run synthesis models pull whisper-base", c.Scalar("SELECT DISTINCT last_error FROM jobs"));
        Assert.Empty(transcribed);

        present = true;
        await runner.RunUntilIdleAsync();
        Assert.Equal(3, transcribed.Count);
        Assert.Equal(3, JobQueue.Counts(c).Done);
    }

    /// <summary>A transcribe stage whose prerequisite the test switches on; when ready it records the subject.</summary>
    sealed class GatedStage(Func<bool> ready, List<long> seen) : IPipelineStage
    {
        public string Name => Stages.Transcribe;
        public int BatchSize => 1;
        public StageReadiness Readiness() => ready() ? StageReadiness.Yes : new StageReadiness(false, "model", "no model: run synthesis models pull whisper-base");
        public Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, System.Data.Common.DbConnection connection, CancellationToken ct)
        {
            if (!ready()) return Task.FromResult<IReadOnlyList<JobOutcome>>(jobs.Select(_ => (JobOutcome)new JobOutcome.Blocked("model", Readiness().Message!)).ToArray());
            lock (seen) seen.AddRange(jobs.Select(j => j.Subject));
            return Task.FromResult<IReadOnlyList<JobOutcome>>(jobs.Select(_ => (JobOutcome)new JobOutcome.Completed(null)).ToArray());
        }
    }
}
