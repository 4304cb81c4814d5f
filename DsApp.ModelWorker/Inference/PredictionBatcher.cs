using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;

namespace DsApp.ModelWorker.Inference;

/// <summary>
/// Adaptive batching for one loaded version: concurrent requests are joined into one call of its runtime
/// (<see cref="IPredictor"/>) and each caller gets its own rows' predictions back. Only the runtime call is batched; the
/// prediction pipeline's other stages (cache, shadow, capture, statistics, metrics) run per request as before.
/// </summary>
/// <remarks>
/// <para>How: callers write a <see cref="Pending"/> into an unbounded channel; one consumer loop takes the first, then
/// whatever else arrives until the batch holds <see cref="BatchingRule.MaxBatchSize"/> rows or
/// <see cref="BatchingRule.MaxBatchDelayMs"/> has passed since the first one was queued, runs the runtime once on the rows
/// joined, and completes each caller with its slice. The delay counts from when the first request was queued, so
/// requests that queued while the previous batch ran do not wait again: under load batches form from the backlog alone.</para>
/// <para>One batch runs at a time per version, on the consumer's thread (as one Triton model instance): the HTTP work of
/// the requests, which costs far more than an iris-sized model, still runs in parallel on Kestrel's threads, and a backlog
/// makes the next batch larger rather than starting a second runtime call that would compete for the same cores.</para>
/// <para>With no delay (<c>maxBatchDelayMs</c> 0) a request that finds the batcher idle (no batch queued or running) runs
/// alone at once on its own thread: the consumer would have run it alone at once too, and this saves the two thread hops
/// (to the consumer and back), which at one connection cost ~10 % of the throughput (bench/batching). Requests that arrive
/// while it runs, or while any request is queued or in a batch, queue for the consumer as usual: at most one lone run goes
/// on at a time, and it never starts while a request is queued or batched (a batch may start while it finishes).</para>
/// <para>Failure and cancellation: an exception of the runtime fails that batch's callers (all of them, with the same
/// exception, as it would have failed each alone) and no other batch; a caller that gave up (its request aborted) stops
/// waiting at once, its rows are left out if the batch has not formed yet, and the others are unaffected.</para>
/// <para>Allocation: per request one <see cref="Pending"/> (which is its own <see cref="TaskCompletionSource{T}"/>) and the
/// predictions array every request has anyway; per batch the joined columns and a pooled results buffer. A single-request
/// batch runs on the request's own table.</para>
/// <para>Lifetime: the loop holds no thread while it waits, and nothing but the channel refers to it, so a version that is
/// dropped (hot swap, delete) is collected with its loop once its last requests are answered.</para>
/// </remarks>
public sealed class PredictionBatcher
{
    private readonly IPredictor _predictor;
    private readonly Microsoft.ML.DataViewSchema _schema;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions
    {
        SingleReader = true,
        // Writers never run the loop's continuation inline (it would hold a request's thread for the whole batch).
        AllowSynchronousContinuations = false,
    });
    private readonly List<Pending> _batch = [];
    private CancellationTokenSource _delay = new();

    /// <summary>Batches for <paramref name="predictor"/>, whose tables have <paramref name="schema"/>.</summary>
    public PredictionBatcher(IPredictor predictor, Microsoft.ML.DataViewSchema schema)
    {
        _predictor = predictor;
        _schema = schema;
        _ = Task.Run(RunAsync);
    }

    /// <summary>How many times the runtime was called (batches run), for tests.</summary>
    public long Executions => Interlocked.Read(ref _executions);
    private long _executions;

    /// <summary>
    /// Queues <paramref name="table"/> (fewer rows than the rule's batch) for the next batch; await
    /// <c>Task.WaitAsync(cancellationToken)</c> on what it returns, then read its <see cref="Pending.StartedAt"/> and
    /// <see cref="Pending.Executed"/>.
    /// </summary>
    public Pending Submit(ColumnTable table, BatchingRule rule, CancellationToken cancellationToken)
    {
        var pending = new Pending(table, rule, cancellationToken);
        if (rule.MaxBatchDelayMs == 0 && Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
        {
            try
            {
                RunAlone(pending);
            }
            finally
            {
                Interlocked.Decrement(ref _busy);
            }
            return pending;
        }
        Interlocked.Increment(ref _busy);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _busy);
            pending.TrySetException(new InvalidOperationException("The batcher is closed."));
        }
        return pending;
    }

    /// <summary>
    /// Requests queued or running here (a lone run, or queued until their batch has run or they were left out): 0 is idle.
    /// </summary>
    private int _busy;

    /// <summary>One request on its own thread (the batcher idle, no delay): its rows as they are, its task completed before Submit returns.</summary>
    private void RunAlone(Pending pending)
    {
        var results = new Prediction[pending.Rows];
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            _predictor.Predict(pending.Table, results);
        }
        catch (Exception error)
        {
            pending.TrySetException(error);
            return;
        }
        finally
        {
            Interlocked.Increment(ref _executions);
        }
        pending.Complete(results, startedAt, executed: true);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        Pending? carried = null; // took a place the batch before had no room for
        while (carried is not null || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var rows = 0;
            var first = carried;
            carried = null;
            if (first is null && !reader.TryRead(out first)) continue;
            if (first.TryAbandon())
            {
                Interlocked.Decrement(ref _busy);
                continue;
            }
            var rule = first.Rule;
            var deadline = first.QueuedAt + rule.MaxBatchDelayMs * Stopwatch.Frequency / 1000;
            _batch.Add(first);
            rows += first.Rows;
            while (rows < rule.MaxBatchSize)
            {
                while (rows < rule.MaxBatchSize && carried is null && reader.TryRead(out var next))
                {
                    if (next.TryAbandon())
                    {
                        Interlocked.Decrement(ref _busy);
                        continue;
                    }
                    if (rows + next.Rows > rule.MaxBatchSize) carried = next;
                    else
                    {
                        _batch.Add(next);
                        rows += next.Rows;
                    }
                }
                if (carried is not null || rows >= rule.MaxBatchSize) break;
                var left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0) break;
                await WaitForMoreAsync(reader, left).ConfigureAwait(false);
            }
            try
            {
                Run(rows);
            }
            finally
            {
                Interlocked.Add(ref _busy, -_batch.Count);
                _batch.Clear();
            }
        }
    }

    /// <summary>Until a request is queued or <paramref name="ticks"/> (Stopwatch) have passed, whichever comes first; never throws.</summary>
    private async Task WaitForMoreAsync(ChannelReader<Pending> reader, long ticks)
    {
        _delay.CancelAfter(TimeSpan.FromTicks(Math.Max(1, ticks * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
        // The timeout is a cancellation: awaited without throwing, as it is the usual end of a wait at low load.
        await ((Task)reader.WaitToReadAsync(_delay.Token).AsTask()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!_delay.TryReset())
        {
            _delay.Dispose();
            _delay = new CancellationTokenSource();
        }
    }

    /// <summary>Runs the batch's rows once and hands each caller its slice, or the runtime's exception.</summary>
    private void Run(int rows)
    {
        // Callers that gave up while the batch formed are left out, unless that leaves nothing to run.
        for (var i = _batch.Count - 1; i >= 0; i--)
        {
            if (!_batch[i].TryAbandon()) continue;
            rows -= _batch[i].Rows;
            _batch.RemoveAt(i);
            Interlocked.Decrement(ref _busy);
        }
        if (_batch.Count == 0) return;
        var results = ArrayPool<Prediction>.Shared.Rent(rows);
        try
        {
            var table = _batch.Count == 1 ? _batch[0].Table : Join(rows);
            var startedAt = Stopwatch.GetTimestamp();
            try
            {
                _predictor.Predict(table, results.AsSpan(0, rows));
            }
            finally
            {
                Interlocked.Increment(ref _executions);
            }
            var offset = 0;
            for (var i = 0; i < _batch.Count; i++)
            {
                var pending = _batch[i];
                pending.Complete(results.AsSpan(offset, pending.Rows), startedAt, executed: i == 0);
                offset += pending.Rows;
            }
        }
        catch (Exception error)
        {
            foreach (var pending in _batch) pending.TrySetException(error);
        }
        finally
        {
            // The probabilities arrays the predictions hold belong to the callers now; the buffer must not keep them alive.
            Array.Clear(results, 0, rows);
            ArrayPool<Prediction>.Shared.Return(results);
        }
    }

    /// <summary>The batch's tables one after the other, as one table of the version's schema.</summary>
    private ColumnTable Join(int rows)
    {
        var template = _batch[0].Table.Columns;
        var columns = new TableColumn[template.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var name = template[c].Name;
            columns[c] = template[c].Kind switch
            {
                ColumnKind.Number => TableColumn.Number(name, Join(rows, c, t => t.Numbers!)),
                ColumnKind.Text => TableColumn.Text(name, Join(rows, c, t => t.Texts!)),
                ColumnKind.Boolean => TableColumn.Boolean(name, Join(rows, c, t => t.Booleans!)),
                _ => TableColumn.Key(name, Join(rows, c, t => t.Keys!), template[c].KeyNames!),
            };
        }
        return new ColumnTable(columns, _schema);
    }

    private T[] Join<T>(int rows, int column, Func<TableColumn, T[]> values)
    {
        var joined = new T[rows];
        var offset = 0;
        foreach (var pending in _batch)
        {
            var part = values(pending.Table.Columns[column]);
            part.CopyTo(joined, offset);
            offset += part.Length;
        }
        return joined;
    }

    /// <summary>
    /// One request waiting for its batch: its rows, the rule it was queued under, and, once answered, its predictions
    /// (the task's result), when its batch started to run and whether its batch's execution is counted with it.
    /// </summary>
    public sealed class Pending(ColumnTable table, BatchingRule rule, CancellationToken cancellationToken)
        // Continuations run on the thread pool: completing 32 callers must not run 32 responses on the batch's thread.
        : TaskCompletionSource<Prediction[]>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public ColumnTable Table { get; } = table;
        public BatchingRule Rule { get; } = rule;
        public int Rows => Table.RowCount;
        public long QueuedAt { get; } = Stopwatch.GetTimestamp();

        /// <summary>Stopwatch timestamp at which the runtime started on this request's batch.</summary>
        public long StartedAt { get; private set; }

        /// <summary>True for one request of each batch (the first): the one that counts the batch's execution.</summary>
        public bool Executed { get; private set; }

        /// <summary>Whether the caller stopped waiting (its request was aborted): then its rows need not run, and its task is cancelled.</summary>
        internal bool TryAbandon()
        {
            if (!cancellationToken.IsCancellationRequested) return false;
            TrySetCanceled(cancellationToken);
            return true;
        }

        internal void Complete(ReadOnlySpan<Prediction> predictions, long startedAt, bool executed) => Complete(predictions.ToArray(), startedAt, executed);

        internal void Complete(Prediction[] predictions, long startedAt, bool executed)
        {
            StartedAt = startedAt;
            Executed = executed;
            TrySetResult(predictions);
        }
    }
}
