namespace DsApp.Platform.Storage;

/// <summary>
/// The embedded default store: a folder. Writes go to a temporary file first, reach the disk, and are renamed into
/// place, so readers see the old object or the new one, never half of one. Conditional writes are decided under a
/// lock file that every process using the folder shares (an advisory flock), so two replicas on one host cannot both win.
/// </summary>
public sealed class FileObjectStore : IObjectStore
{
    private const string TempFolder = ".tmp";
    private const string ConditionalLockName = ".conditional.lock";
    private static readonly TimeSpan ConditionalLockTimeout = TimeSpan.FromSeconds(10);
    private readonly string _root;
    private readonly string _conditionalLock;
    private readonly SemaphoreSlim _conditionalGate = new(1, 1);

    public FileObjectStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(_root, TempFolder));
        _conditionalLock = Path.Combine(_root, ConditionalLockName);
    }

    public bool AtomicConditionalWrites => true;

    public async Task<StoredObject?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var content = await File.ReadAllBytesAsync(PathOf(key), cancellationToken);
            return new StoredObject(content, ETagOf(content));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task<bool> PutIfAsync(string key, ReadOnlyMemory<byte> content, string? ifMatch, string contentType = "application/json", CancellationToken cancellationToken = default)
    {
        var target = PathOf(key);
        await _conditionalGate.WaitAsync(cancellationToken);
        try
        {
            using var hostLock = await TakeHostLockAsync(cancellationToken);
            var current = await ReadAsync(key, cancellationToken);
            if (ifMatch is null ? current is not null : current?.ETag != ifMatch) return false;
            await WriteAsync(target, new MemoryStream(content.ToArray(), writable: false), cancellationToken);
            return true;
        }
        finally
        {
            _conditionalGate.Release();
        }
    }

    /// <summary>FileShare.None takes an exclusive flock on Unix: it holds against every process, this one included.</summary>
    private async Task<FileStream> TakeHostLockAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ConditionalLockTimeout;
        var pause = 1;
        while (true)
        {
            try
            {
                return new FileStream(_conditionalLock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(pause, cancellationToken);
                pause = Math.Min(pause * 2, 50);
            }
        }
    }

    private static string ETagOf(byte[] content) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(content));

    public Task PutAsync(string key, Stream content, string contentType = "application/octet-stream", CancellationToken cancellationToken = default) =>
        WriteAsync(PathOf(key), content, cancellationToken);

    private async Task WriteAsync(string target, Stream content, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(_root, TempFolder, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                // On the disk before the rename makes it visible: after a power cut a name never points at a torn file.
                file.Flush(flushToDisk: true);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<Stream?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            // FileShare.Delete: a reader keeps its snapshot while the object is replaced or deleted.
            Stream stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? InfoOf(key, file) : null);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, string? startAfter = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix);
        // Walk only the deepest folder the prefix names, then filter by the rest of it.
        var folderPart = prefix.Contains('/') ? prefix[..prefix.LastIndexOf('/')] : "";
        var folder = folderPart.Length == 0 ? _root : Path.Combine(_root, folderPart);
        if (!Directory.Exists(folder)) yield break;

        var keys = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => !key.StartsWith(TempFolder + "/", StringComparison.Ordinal) && key != ConditionalLockName)
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
            .Where(key => startAfter is null || string.CompareOrdinal(key, startAfter) > 0)
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(Path.Combine(_root, key));
            if (file.Exists) yield return InfoOf(key, file);
        }
        await Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return Task.FromResult(false);
        File.Delete(path);
        RemoveEmptyFolders(Path.GetDirectoryName(path)!);
        return Task.FromResult(true);
    }

    private void RemoveEmptyFolders(string folder)
    {
        while (folder.Length > _root.Length && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            try { Directory.Delete(folder); }
            catch (IOException) { return; } // a concurrent writer just used it: leave it
            folder = Path.GetDirectoryName(folder)!;
        }
    }

    private string PathOf(string key) => Path.Combine(_root, ObjectKey.Validate(key));

    private static ObjectInfo InfoOf(string key, FileInfo file) => new(key, file.Length, file.LastWriteTimeUtc);
}
