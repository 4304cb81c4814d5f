namespace DsApp.ServiceDefaults.Storage;

/// <summary>
/// The embedded default store: a folder. Writes go to a temporary file first and are renamed into
/// place, so readers see the old object or the new one, never half of one.
/// </summary>
public sealed class FileObjectStore : IObjectStore
{
    private const string TempFolder = ".tmp";
    private readonly string _root;

    public FileObjectStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(_root, TempFolder));
    }

    public async Task PutAsync(string key, Stream content, string contentType = "application/octet-stream", CancellationToken cancellationToken = default)
    {
        var target = PathOf(key);
        var temp = Path.Combine(_root, TempFolder, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
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
            .Where(key => !key.StartsWith(TempFolder + "/", StringComparison.Ordinal))
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
