using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using DsApp.Platform.Storage;

namespace DsApp.Tests.Infrastructure;

/// <summary>The calls of an <see cref="IObjectStore"/> a fault can be put on.</summary>
[Flags]
public enum StoreOperation
{
    Put = 1,
    PutIf = 2,
    Get = 4,
    Read = 8,
    Head = 16,
    List = 32,
    Delete = 64,

    /// <summary>Any write of an object's content: a plain put or a conditional one (how manifests are written).</summary>
    Writes = Put | PutIf,
    /// <summary>Any read of an object's content.</summary>
    Reads = Get | Read,
    Any = Put | PutIf | Get | Read | Head | List | Delete,
}

/// <summary>A store failure this test made up (an I/O error, as a disk or a dropped connection gives).</summary>
public sealed class InjectedStoreFault(string message) : IOException(message);

/// <summary>One call the store saw, and what the faults did with it.</summary>
public sealed record StoreCall(StoreOperation Operation, string Key, string? Fault);

/// <summary>
/// A real store with faults put on it: a decorator over any <see cref="IObjectStore"/> that, for the calls a
/// <see cref="FaultRule"/> matches (operations and a key pattern, from its Nth matching call on), throws before the store
/// sees the call, or lets the store do it and then throws (an S3 PUT that timed out on the client after S3 took it), or
/// delays it, or first runs something (a racing client). Everything else reaches the store untouched.
/// </summary>
public sealed class FaultyObjectStore(IObjectStore inner) : IObjectStore
{
    private readonly ConcurrentQueue<FaultRule> _rules = new();
    private readonly ConcurrentQueue<StoreCall> _calls = new();

    public IObjectStore Inner => inner;

    /// <summary>Every call so far, in the order they began.</summary>
    public IReadOnlyList<StoreCall> Calls => [.. _calls];

    /// <summary>
    /// A rule for the calls of <paramref name="operations"/> on keys matching <paramref name="keyPattern"/>: a glob where
    /// <c>*</c> stays within one segment and <c>**</c> crosses segments. Unless told otherwise it acts on the first
    /// matching call only.
    /// </summary>
    public FaultRule On(StoreOperation operations, string keyPattern)
    {
        var rule = new FaultRule(operations, keyPattern);
        _rules.Enqueue(rule);
        return rule;
    }

    /// <summary>Drops every rule: the store behaves from now on.</summary>
    public void Heal()
    {
        foreach (var rule in _rules) rule.Disable();
    }

    public bool AtomicConditionalWrites => inner.AtomicConditionalWrites;

    public Task PutAsync(string key, Stream content, string contentType = "application/octet-stream", CancellationToken cancellationToken = default) =>
        RunAsync(StoreOperation.Put, key, async () => { await inner.PutAsync(key, content, contentType, cancellationToken); return true; });

    public Task<bool> PutIfAsync(string key, ReadOnlyMemory<byte> content, string? ifMatch, string contentType = "application/json", CancellationToken cancellationToken = default) =>
        RunAsync(StoreOperation.PutIf, key, () => inner.PutIfAsync(key, content, ifMatch, contentType, cancellationToken));

    public Task<Stream?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        RunAsync(StoreOperation.Get, key, () => inner.GetAsync(key, cancellationToken), stream => stream?.Dispose());

    public Task<StoredObject?> ReadAsync(string key, CancellationToken cancellationToken = default) =>
        RunAsync(StoreOperation.Read, key, () => inner.ReadAsync(key, cancellationToken));

    public Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default) =>
        RunAsync(StoreOperation.Head, key, () => inner.HeadAsync(key, cancellationToken));

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        RunAsync(StoreOperation.Delete, key, () => inner.DeleteAsync(key, cancellationToken));

    /// <summary>A list is one call on its prefix: a fault before it throws before the first item, one after it once the last was given.</summary>
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, string? startAfter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<(FaultRule Rule, int Call)> faults = [];
        try
        {
            faults = await BeforeAsync(StoreOperation.List, prefix);
            await foreach (var item in inner.ListAsync(prefix, startAfter, cancellationToken)) yield return item;
            After(faults, StoreOperation.List, prefix);
        }
        finally
        {
            foreach (var (rule, _) in faults) rule.Ended();
        }
    }

    private async Task<T> RunAsync<T>(StoreOperation operation, string key, Func<Task<T>> call, Action<T>? discard = null)
    {
        List<(FaultRule Rule, int Call)> faults = [];
        try
        {
            faults = await BeforeAsync(operation, key);
            var result = await call();
            try
            {
                After(faults, operation, key);
            }
            catch
            {
                discard?.Invoke(result);
                throw;
            }
            return result;
        }
        finally
        {
            foreach (var (rule, _) in faults) rule.Ended();
        }
    }

    private async Task<List<(FaultRule Rule, int Call)>> BeforeAsync(StoreOperation operation, string key)
    {
        var firing = new List<(FaultRule, int)>();
        foreach (var rule in _rules)
        {
            if (rule.Take(operation, key) is { } call) firing.Add((rule, call));
        }
        _calls.Enqueue(new StoreCall(operation, key, firing.Count == 0 ? null : string.Join(", ", firing.Select(f => f.Item1.Describe()))));
        foreach (var (rule, call) in firing)
        {
            if (rule.Action is { } action) await action();
            if (rule.Pause > TimeSpan.Zero) await Task.Delay(rule.Pause);
        }
        foreach (var (rule, call) in firing)
        {
            if (rule.Kind == FaultKind.Throw) throw rule.Failure(operation, key, call);
        }
        return firing;
    }

    private static void After(List<(FaultRule Rule, int Call)> faults, StoreOperation operation, string key)
    {
        foreach (var (rule, call) in faults)
        {
            if (rule.Kind == FaultKind.SucceedThenThrow) throw rule.Failure(operation, key, call);
        }
    }
}

public enum FaultKind
{
    /// <summary>Only the delay or the action: the call then reaches the store and its answer is returned.</summary>
    None,
    /// <summary>The call fails before it reaches the store: nothing happened.</summary>
    Throw,
    /// <summary>The store does the call, then the caller is told it failed: what happened is unknown to it.</summary>
    SucceedThenThrow,
}

/// <summary>What to do with some of the calls that match: which ones (<see cref="OnCall"/>, <see cref="Times"/>), and how.</summary>
public sealed class FaultRule
{
    private readonly StoreOperation _operations;
    private readonly string _pattern;
    private readonly Regex _keys;
    private int _first = 1;
    private int _count = 1;
    private int _matched;
    private int _fired;
    private volatile bool _disabled;
    private Func<StoreOperation, string, Exception> _exception = (operation, key) => new InjectedStoreFault($"injected fault: {operation} {key}");
    private readonly TaskCompletionSource _firstFired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FaultRule? _after;

    internal FaultRule(StoreOperation operations, string pattern)
    {
        _operations = operations;
        _pattern = pattern;
        var regex = Regex.Escape(pattern).Replace(@"\*\*", "\u0001").Replace(@"\*", "[^/]*").Replace("\u0001", ".*");
        _keys = new Regex($"^{regex}$", RegexOptions.CultureInvariant);
    }

    public FaultKind Kind { get; private set; }
    public TimeSpan Pause { get; private set; }
    public Func<Task>? Action { get; private set; }

    /// <summary>How many calls the rule has acted on.</summary>
    public int Fired => Volatile.Read(ref _fired);

    /// <summary>Completes when the rule acts for the first time (before the call reaches the store).</summary>
    public Task FiredOnce => _firstFired.Task;

    /// <summary>Completes when the first call the rule acted on has ended, whatever its outcome.</summary>
    public Task FirstCallEnded => _firstEnded.Task;

    /// <summary>Counts only the matching calls that begin after <paramref name="trigger"/> acted (a fault that follows another).</summary>
    public FaultRule After(FaultRule trigger)
    {
        _after = trigger;
        return this;
    }

    /// <summary>Acts from the <paramref name="nth"/> matching call on (1 is the first).</summary>
    public FaultRule OnCall(int nth)
    {
        _first = nth;
        return this;
    }

    /// <summary>Acts on <paramref name="count"/> matching calls in a row.</summary>
    public FaultRule Times(int count)
    {
        _count = count;
        return this;
    }

    public FaultRule Always() => Times(int.MaxValue);

    /// <summary>Fails the call before the store sees it, with <paramref name="exception"/> (an <see cref="InjectedStoreFault"/> by default).</summary>
    public FaultRule Throw(Func<StoreOperation, string, Exception>? exception = null)
    {
        Kind = FaultKind.Throw;
        if (exception is not null) _exception = exception;
        return this;
    }

    /// <summary>Lets the store do the call, then fails it: the write happened, the caller cannot know.</summary>
    public FaultRule SucceedThenThrow(Func<StoreOperation, string, Exception>? exception = null)
    {
        Kind = FaultKind.SucceedThenThrow;
        if (exception is not null) _exception = exception;
        return this;
    }

    /// <summary>Holds the call back this long before it reaches the store.</summary>
    public FaultRule Delay(TimeSpan pause)
    {
        Pause = pause;
        return this;
    }

    /// <summary>Runs <paramref name="action"/> before the call reaches the store (another client's request, a cancellation).</summary>
    public FaultRule Before(Func<Task> action)
    {
        Action = action;
        return this;
    }

    internal void Disable() => _disabled = true;

    internal void Ended() => _firstEnded.TrySetResult();

    /// <summary>The number of this matching call when the rule acts on it, else null.</summary>
    internal int? Take(StoreOperation operation, string key)
    {
        if (_disabled || (operation & _operations) == 0 || !_keys.IsMatch(key) || _after is { Fired: 0 }) return null;
        var call = Interlocked.Increment(ref _matched);
        if (call < _first || call - _first >= _count) return null;
        Interlocked.Increment(ref _fired);
        _firstFired.TrySetResult();
        return call;
    }

    internal Exception Failure(StoreOperation operation, string key, int call) => _exception(operation, key);

    internal string Describe() => $"{Kind} on {_operations} {_pattern}";

    public override string ToString() => $"{Describe()} (fired {Fired})";
}
