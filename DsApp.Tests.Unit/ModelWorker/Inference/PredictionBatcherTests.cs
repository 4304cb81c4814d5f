using System.Collections.Concurrent;
using System.Diagnostics;
using DsApp.ModelWorker.Inference;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;

namespace DsApp.Tests.Unit.ModelWorker.Inference;

/// <summary>The batcher of one loaded version, over a runtime the test controls: what it joins, splits, fails and leaves out.</summary>
public sealed class PredictionBatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A runtime answering 2·x per row; it can hold each call until let go, and throws for a row of −1.</summary>
    private sealed class FakeRuntime(bool hold = false) : IPredictor
    {
        private readonly SemaphoreSlim _go = new(0);
        public ConcurrentQueue<float[]> Calls { get; } = new();
        public SemaphoreSlim Entered { get; } = new(0);
        public IReadOnlyList<string> Classes => [];

        public void Let(int calls = 1) => _go.Release(calls);

        public void Predict(ColumnTable table, Span<Prediction> results)
        {
            var x = table["x"].Numbers!;
            Calls.Enqueue(x.ToArray());
            Entered.Release();
            if (hold && !_go.Wait(Patience)) throw new TimeoutException("never let go");
            if (x.Contains(-1f)) throw new InvalidOperationException("the runtime failed on a row of -1");
            for (var i = 0; i < x.Length; i++) results[i] = new Prediction(2 * x[i], false, 0, 0, null);
        }
    }

    private static ColumnTable Rows(params float[] x) => new([TableColumn.Number("x", x)]);

    private static PredictionBatcher Batcher(IPredictor runtime) => new(runtime, Rows(0).Schema);

    private static async Task<float[]> AnswerAsync(PredictionBatcher.Pending pending, CancellationToken cancellationToken = default) =>
        (await pending.Task.WaitAsync(Patience, cancellationToken)).Select(p => p.Value).ToArray();

    [Fact]
    public async Task Requests_queued_together_run_as_one_call_and_each_gets_its_own_rows()
    {
        var runtime = new FakeRuntime();
        var batcher = Batcher(runtime);
        var rule = new BatchingRule(32, 50);
        var pending = Enumerable.Range(0, 32).Select(i => batcher.Submit(Rows(i), rule, CancellationToken.None)).ToList();
        var answers = await Task.WhenAll(pending.Select(p => AnswerAsync(p)));

        for (var i = 0; i < 32; i++) Assert.Equal([2f * i], answers[i]);
        Assert.True(runtime.Calls.Count < 32, $"{runtime.Calls.Count} calls for 32 requests");
        Assert.Equal(32, runtime.Calls.Sum(c => c.Length));
        Assert.Equal(runtime.Calls.Count, batcher.Executions);
        // One request per batch counts the batch's execution; every batch started before its requests were answered.
        Assert.Equal(runtime.Calls.Count, pending.Count(p => p.Executed));
        Assert.All(pending, p => Assert.True(p.StartedAt >= p.QueuedAt));
    }

    [Fact]
    public async Task A_request_that_does_not_fit_the_batch_goes_in_the_next_one_whole()
    {
        var runtime = new FakeRuntime();
        var batcher = Batcher(runtime);
        var rule = new BatchingRule(4, 50);
        var first = batcher.Submit(Rows(1, 2, 3), rule, CancellationToken.None);
        var second = batcher.Submit(Rows(4, 5, 6), rule, CancellationToken.None);
        Assert.Equal(new[] { 2f, 4f, 6f }, await AnswerAsync(first));
        Assert.Equal(new[] { 8f, 10f, 12f }, await AnswerAsync(second));
        Assert.Equal(new[] { new[] { 1f, 2f, 3f }, new[] { 4f, 5f, 6f } }, runtime.Calls.ToArray());
    }

    [Fact]
    public async Task A_lone_request_waits_at_most_the_delay_and_with_no_delay_not_at_all()
    {
        var batcher = Batcher(new FakeRuntime());
        var watch = Stopwatch.StartNew();
        Assert.Equal(new[] { 6f }, await AnswerAsync(batcher.Submit(Rows(3), new BatchingRule(8, 100), CancellationToken.None)));
        Assert.InRange(watch.ElapsedMilliseconds, 90, (long)Patience.TotalMilliseconds);

        // The wait ended by its timer (awaited without throwing); the next one starts with a fresh one.
        Assert.Equal(new[] { 10f }, await AnswerAsync(batcher.Submit(Rows(5), new BatchingRule(8, 20), CancellationToken.None)));
    }

    [Fact]
    public async Task With_no_delay_a_request_to_an_idle_batcher_runs_at_once_on_its_callers_thread_and_those_behind_a_run_are_batched()
    {
        var runtime = new FakeRuntime(hold: true);
        var batcher = Batcher(runtime);
        var rule = new BatchingRule(32, 0);
        runtime.Let();
        var thread = Environment.CurrentManagedThreadId;
        var alone = batcher.Submit(Rows(4), rule, CancellationToken.None);
        Assert.True(alone.Task.IsCompletedSuccessfully); // answered before Submit returned: no hop to the consumer
        Assert.Equal(thread, Environment.CurrentManagedThreadId);
        Assert.True(alone.Executed);
        Assert.Equal(new[] { 8f }, await AnswerAsync(alone));

        // A lone run held on another thread: requests arriving meanwhile queue, and the consumer joins them.
        var held = Task.Run(() => batcher.Submit(Rows(1), rule, CancellationToken.None));
        Assert.True(await runtime.Entered.WaitAsync(Patience));
        Assert.True(await runtime.Entered.WaitAsync(Patience));
        var behind = new[] { batcher.Submit(Rows(2), rule, CancellationToken.None), batcher.Submit(Rows(3), rule, CancellationToken.None) };
        // Either the consumer already runs one of them (held) and the other waits, or both are still queued: let everything go.
        runtime.Let(3);
        Assert.Equal(new[] { 2f }, await AnswerAsync(await held));
        Assert.Equal(new[] { 4f }, await AnswerAsync(behind[0]));
        Assert.Equal(new[] { 6f }, await AnswerAsync(behind[1]));
        Assert.Equal(4, runtime.Calls.Sum(c => c.Length));
        Assert.Equal(runtime.Calls.Count, batcher.Executions);
    }

    [Fact]
    public async Task A_batch_whose_runtime_throws_fails_only_its_own_callers_with_that_exception()
    {
        var runtime = new FakeRuntime(hold: true);
        var batcher = Batcher(runtime);
        var rule = new BatchingRule(32, 1); // through the queue: with no delay an idle batcher runs a request on its caller's thread
        var running = batcher.Submit(Rows(1), rule, CancellationToken.None);
        Assert.True(await runtime.Entered.WaitAsync(Patience)); // the first batch runs (held): the next three queue behind it
        var doomed = new[] { batcher.Submit(Rows(2), rule, CancellationToken.None), batcher.Submit(Rows(-1), rule, CancellationToken.None), batcher.Submit(Rows(3), rule, CancellationToken.None) };
        runtime.Let(2);

        Assert.Equal(new[] { 2f }, await AnswerAsync(running));
        var errors = new List<Exception>();
        foreach (var pending in doomed) errors.Add(await Assert.ThrowsAsync<InvalidOperationException>(() => AnswerAsync(pending)));
        Assert.All(errors, e => Assert.Same(errors[0], e));
        Assert.Equal(new[] { new[] { 1f }, new[] { 2f, -1f, 3f } }, runtime.Calls.ToArray());

        // The batcher goes on: the next batch answers.
        runtime.Let();
        Assert.Equal(new[] { 8f }, await AnswerAsync(batcher.Submit(Rows(4), rule, CancellationToken.None)));
    }

    [Fact]
    public async Task A_caller_that_gives_up_is_left_out_of_its_batch_or_stops_waiting_while_the_others_are_answered()
    {
        var runtime = new FakeRuntime(hold: true);
        var batcher = Batcher(runtime);
        var rule = new BatchingRule(32, 1); // through the queue: with no delay an idle batcher runs a request on its caller's thread
        var running = batcher.Submit(Rows(1), rule, CancellationToken.None);
        Assert.True(await runtime.Entered.WaitAsync(Patience));

        // Gives up while its batch forms: its rows never run.
        using var early = new CancellationTokenSource();
        var leaving = batcher.Submit(Rows(7), rule, early.Token);
        using var late = new CancellationTokenSource();
        var staying = new[] { batcher.Submit(Rows(2), rule, CancellationToken.None), batcher.Submit(Rows(3), rule, late.Token), batcher.Submit(Rows(4), rule, CancellationToken.None) };
        early.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AnswerAsync(leaving, early.Token));
        runtime.Let();
        Assert.Equal(new[] { 2f }, await AnswerAsync(running));

        // Gives up while its batch runs: it stops waiting at once, and the others of the batch are answered.
        Assert.True(await runtime.Entered.WaitAsync(Patience));
        late.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AnswerAsync(staying[1], late.Token));
        runtime.Let();
        Assert.Equal(new[] { 4f }, await AnswerAsync(staying[0]));
        Assert.Equal(new[] { 8f }, await AnswerAsync(staying[2]));
        Assert.Equal(new[] { new[] { 1f }, new[] { 2f, 3f, 4f } }, runtime.Calls.ToArray());
    }
}
