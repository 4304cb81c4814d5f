using System.IO.Compression;

namespace DsApp.ModelWorker.ModelFiles;

/// <summary>
/// Looks at an imported ML.NET model file (a zip) before anything decompresses it: a file whose entries would inflate
/// past what any real model needs (a deflate bomb) is refused from its directory alone, so an import cannot exhaust the
/// worker's memory or disk.
/// </summary>
public static class ModelFileGuard
{
    public const int MaxEntries = 10_000;
    public const long MaxUncompressedBytes = 2L * 1024 * 1024 * 1024;
    /// <summary>Model weights barely compress; text and zero runs do, but not by this much in a real model.</summary>
    public const int MaxCompressionRatio = 200;
    private const long RatioFloorBytes = 1024 * 1024;

    /// <summary>What is wrong with the file, or null when it may be loaded.</summary>
    public static string? Check(Stream zip)
    {
        var start = zip.Position;
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            if (archive.Entries.Count > MaxEntries) return $"The file has {archive.Entries.Count} entries; a model file has at most {MaxEntries}.";
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                total += entry.Length;
                if (total > MaxUncompressedBytes) return $"The file would inflate past {MaxUncompressedBytes} bytes.";
                if (entry.Length > RatioFloorBytes && entry.Length > (long)MaxCompressionRatio * Math.Max(entry.CompressedLength, 1))
                    return $"Entry '{entry.FullName}' would inflate {entry.Length / Math.Max(entry.CompressedLength, 1)} times; a model file's entries inflate at most {MaxCompressionRatio} times.";
            }
            return null;
        }
        catch (InvalidDataException error)
        {
            return $"The file is not a zip: {error.Message}";
        }
        finally
        {
            zip.Position = start;
        }
    }
}
