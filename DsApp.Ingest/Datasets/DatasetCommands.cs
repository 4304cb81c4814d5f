using System.Text.Json;
using DsApp.Ingest.Events;
using DsApp.Ingest.Parsing;
using DsApp.Ingest.Telemetry;
using DsApp.Platform.Records;

namespace DsApp.Ingest.Datasets;

/// <summary>
/// The one write path of datasets: every change takes the dataset's lock, checks its precondition against the manifest
/// it read, writes only over that manifest (so a writer the lock did not hold back loses instead of overwriting), and
/// raises the change. Endpoints translate HTTP to these calls and their outcomes back.
/// </summary>
public sealed partial class DatasetCommands(DatasetStore datasets, ResourceLocks locks, DatasetEvents events, ILogger<DatasetCommands> logger)
{
    public static string LockName(string id) => $"datasets:{id}";

    public async Task<Outcome<Dataset>> PatchAsync(string id, Func<string, bool> ifMatch, JsonElement patch, CancellationToken cancellationToken)
    {
        await using var held = await locks.AcquireAsync(LockName(id), cancellationToken);
        while (true)
        {
            if (await datasets.GetWithEtagAsync(id, cancellationToken) is not { } read) return Outcome<Dataset>.NotFound(NotFoundDetail(id));
            if (!ifMatch(read.Value.Etag)) return Outcome<Dataset>.PreconditionFailed(DatasetConflictException.PreconditionFailed(id).Message);
            if (!DatasetPatch.TryApply(read.Value, patch, out var patched, out var errors)) return Outcome<Dataset>.Invalid(errors);
            patched = patched with { UpdatedAt = DateTimeOffset.UtcNow, Etag = DatasetStore.NewEtag() };
            if (await datasets.WriteAsync(patched, read, cancellationToken)) return Outcome<Dataset>.Ok(patched.ForClients());
        }
    }

    public async Task<Outcome<Dataset>> DeleteAsync(string id, Func<string, bool> ifMatch, CancellationToken cancellationToken)
    {
        await using var held = await locks.AcquireAsync(LockName(id), cancellationToken);
        if (await datasets.GetAsync(id, cancellationToken) is not { } dataset) return Outcome<Dataset>.NotFound(NotFoundDetail(id));
        if (!ifMatch(dataset.Etag)) return Outcome<Dataset>.PreconditionFailed(DatasetConflictException.PreconditionFailed(id).Message);
        // From here on the delete finishes whatever happens to the request.
        await datasets.DeleteAsync(dataset, cancellationToken);
        await events.PublishAsync(DatasetEvents.Deleted, id, dataset.Version);
        return Outcome<Dataset>.Ok(dataset.ForClients());
    }

    /// <summary>
    /// Makes a stored upload a version: creates the version's manifest under the next free number (a number an unfinished
    /// commit took is skipped for good), then writes the dataset manifest over the one read. A writer that lost the race
    /// reads again and goes on from what won; one whose dataset was deleted or re-created meanwhile is refused.
    /// </summary>
    /// <exception cref="CommitUncertainException">The dataset manifest's write failed in a way that may have landed.</exception>
    public async Task<UploadResult> CommitAsync(StartedUpload started, TableSink sink, string? bodyHash, CancellationToken cancellationToken)
    {
        var upload = started.Upload;
        await using var held = await locks.AcquireAsync(LockName(upload.Id), cancellationToken);
        using var activity = IngestTracing.Source.StartActivity("dataset.commit");
        DatasetVersion? mine = null;
        string? mineGeneration = null;
        try
        {
            while (true)
            {
                var read = await datasets.GetWithEtagAsync(upload.Id, cancellationToken);
                var current = read?.Value;
                CheckState(upload, current);
                // Uploads of a new dataset racing each other all commit, to the incarnation the first one created.
                if (started.Dataset is not null && (current is null || current.Generation != started.Dataset.Generation))
                    throw new DatasetConflictException(OutcomeKind.Conflict, $"Dataset '{upload.Id}' was deleted while this upload was streaming; send it again.");
                var generation = current is null ? started.NewGeneration : current.Generation;
                if (mine is not null && current is not null && mine.Version <= current.Version)
                {
                    // Another commit went past our number (and skipped it): ours can never become visible.
                    await RemoveQuietlyAsync(DatasetStore.VersionKey(upload.Id, mineGeneration, mine.Version));
                    mine = null;
                }
                if (mine is not null && mineGeneration != generation)
                {
                    // Our manifest went to a new incarnation that another upload created first.
                    await RemoveQuietlyAsync(DatasetStore.VersionKey(upload.Id, mineGeneration, mine.Version));
                    mine = null;
                }
                if (mine is null)
                {
                    mine = await CreateVersionAsync(started, generation, current, sink, cancellationToken);
                    mineGeneration = generation;
                }
                var dataset = NextManifest(upload, generation, current, mine, bodyHash);
                if (await WriteManifestAsync(dataset, read))
                {
                    activity?.SetTag("dsapp.dataset.version", mine.Version);
                    await events.PublishAsync(current is null ? DatasetEvents.Created : DatasetEvents.Versioned, upload.Id, mine.Version);
                    return new UploadResult(dataset.ForClients(), current is null, bodyHash);
                }
                LogLostRace(logger, upload.Id, mine.Version);
            }
        }
        catch (Exception error) when (error is not CommitUncertainException && mine is not null)
        {
            // Known not to be counted: the manifest of our version is garbage.
            await RemoveQuietlyAsync(DatasetStore.VersionKey(upload.Id, mineGeneration, mine.Version));
            throw;
        }
    }

    private async Task<DatasetVersion> CreateVersionAsync(StartedUpload started, string? generation, Dataset? current, TableSink sink, CancellationToken cancellationToken)
    {
        var upload = started.Upload;
        for (var number = (current?.Version ?? 0) + 1; ; number++)
        {
            var version = new DatasetVersion(upload.Id, number, TableFormats.Name(upload.Format), sink.RowCount, sink.BytesWritten,
                sink.Columns(), started.DataKey, DateTimeOffset.UtcNow, DatasetStore.NewEtag());
            if (await datasets.CreateVersionAsync(generation, version, cancellationToken)) return version;
        }
    }

    private static Dataset NextManifest(DatasetUpload upload, string? generation, Dataset? current, DatasetVersion version, string? bodyHash)
    {
        var now = DateTimeOffset.UtcNow;
        // A label that names no column of the new version is dropped rather than left dangling.
        var wantedLabel = upload.Label ?? current?.Label;
        var label = wantedLabel is not null && version.Columns.Any(c => c.Name == wantedLabel) ? wantedLabel : null;
        var passed = Enumerable.Range((current?.Version ?? 0) + 1, version.Version - (current?.Version ?? 0) - 1);
        var skipped = (current?.Skipped ?? []).Concat(passed).ToList();
        return new Dataset(upload.Id, upload.Name ?? current?.Name ?? upload.Id, upload.Description ?? current?.Description,
            upload.Tags ?? current?.Tags ?? [], label, version.Version, version.Format, version.RowCount, version.SizeBytes, version.Columns,
            current?.CreatedAt ?? now, now, DatasetStore.NewEtag(), generation, skipped.Count > 0 ? skipped : null,
            // Written with the commit that creates the dataset, so no failure after it can lose what a retry looks for.
            current is null ? upload.StampOf(bodyHash) : current.Idempotency);
    }

    /// <summary>
    /// True when the manifest now is <paramref name="dataset"/>, false when another write came first. A write that failed
    /// may still have landed (a timeout after the store took it): the manifest is read again to tell, and when even that
    /// fails the outcome is unknown and nothing the upload wrote may be removed.
    /// </summary>
    private async Task<bool> WriteManifestAsync(Dataset dataset, DsApp.Platform.Records.Versioned<Dataset>? read)
    {
        try
        {
            return await datasets.WriteAsync(dataset, read, CancellationToken.None);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            Dataset? now;
            try
            {
                now = await datasets.GetAsync(dataset.Id, CancellationToken.None);
            }
            catch (Exception second) when (second is not OperationCanceledException)
            {
                throw new CommitUncertainException(failure);
            }
            if (now?.Etag == dataset.Etag) return true;
            throw;
        }
    }

    public static void CheckState(DatasetUpload upload, Dataset? current)
    {
        if (upload.MustCreate && current is not null) throw DatasetConflictException.AlreadyExists(upload.Id);
        if (!upload.Precondition(current)) throw DatasetConflictException.PreconditionFailed(upload.Id);
    }

    private async Task RemoveQuietlyAsync(string key)
    {
        try
        {
            await datasets.Objects.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogGarbage(logger, key, e);
        }
    }

    private static string NotFoundDetail(string id) => $"Dataset '{id}' does not exist.";

    [LoggerMessage(Level = LogLevel.Information, Message = "The commit of dataset {DatasetId} as version {Version} lost a race with another writer; reading again")]
    private static partial void LogLostRace(ILogger logger, string datasetId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove {Key} of a commit that did not happen; it stays as invisible garbage")]
    private static partial void LogGarbage(ILogger logger, string key, Exception error);
}
