using System.Collections.Concurrent;

namespace DsApp.Platform.Concurrency;

/// <summary>
/// One gate per key, passed by one caller at a time. A gate exists only while someone holds it or waits for it: keys
/// asked for once (an id or a name that does not exist) leave nothing in memory.
/// </summary>
public sealed class KeyedGates
{
    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>Gates held or waited for now.</summary>
    public int Count => _gates.Count;

    /// <summary>Waits for the key's gate; disposing the answer lets the next caller through.</summary>
    public async Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        var gate = Join(key);
        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(key, gate);
            throw;
        }
        return new Passage(this, key, gate);
    }

    private Gate Join(string key)
    {
        while (true)
        {
            var gate = _gates.GetOrAdd(key, _ => new Gate());
            lock (gate)
            {
                if (gate.Users < 0) continue; // retired by its last user just now: make a new one
                gate.Users++;
                return gate;
            }
        }
    }

    private void Leave(string key, Gate gate)
    {
        lock (gate)
        {
            if (--gate.Users > 0) return;
            gate.Users = -1;
            _gates.TryRemove(new KeyValuePair<string, Gate>(key, gate));
        }
    }

    private sealed class Gate
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }

    private sealed class Passage(KeyedGates owner, string key, Gate gate) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) != 0) return;
            gate.Semaphore.Release();
            owner.Leave(key, gate);
        }
    }
}
