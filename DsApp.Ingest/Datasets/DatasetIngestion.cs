using System.Diagnostics;
using System.IO.Pipelines;
using DsApp.Ingest.Events;
using DsApp.Ingest.Parsing;
using DsApp.Ingest.Telemetry;
using Microsoft.Extensions.Options;

namespace DsApp.Ingest.Datasets;

/// <summary>
/// Takes an upload in, in one pass and bounded memory: the body is parsed, checked and profiled
/// while its stored form streams through a pipe into the object store. Commit-last: the data object
/// first, then the version manifest, then the dataset manifest that makes the version visible. A
/// failure at any step removes what the upload wrote, so the previous version keeps answering.
/// </summary>
public sealed partial class DatasetIngestion(DatasetStore datasets, DatasetLocks locks, DatasetEvents events, IOptions<IngestOptions> options, ILogger<DatasetIngestion> logger)
{
    public async Task<UploadResult> IngestAsync(DatasetUpload upload, CancellationToken cancellationToken)
    {
        using var activity = IngestTelemetry.Source.StartActivity("dataset.upload");
        activity?.SetTag("dsapp.dataset.id", upload.Id);
        using var scope = logger.BeginScope(new KeyValuePair<string, object?>[] { new("dsapp.dataset.id", upload.Id) });
        var watch = Stopwatch.StartNew();
        activity?.SetTag("dsapp.dataset.format", TableFormats.Name(upload.Format));

        CheckState(upload, await datasets.GetAsync(upload.Id, cancellationToken));

        await using var body = new CheckedBodyStream(upload.Body, options.Value.MaxUploadBytes, upload.HashBody);
        var dataKey = DatasetStore.NewDataKey(upload.Id);
        var committed = false;
        try
        {
            var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 << 20, resumeWriterThreshold: 2 << 20, useSynchronizationContext: false));
            var sink = new TableSink(pipe.Writer);
            var store = StoreAsync(dataKey, pipe.Reader, cancellationToken);
            try
            {
                await ParseAsync(upload.Format, body, sink, cancellationToken);
                await sink.FlushAsync(cancellationToken);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
                await WaitQuietlyAsync(store);
                // The parser stops when the store gives up: then the store's failure is the one to report.
                if (store.Exception?.InnerException is { } storeFailure && e is not (BadInputException or UploadTooLargeException))
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(storeFailure);
                throw;
            }
            await store;

            var result = await CommitAsync(upload, dataKey, sink, body.BodyHash(), cancellationToken);
            committed = true;
            IngestTelemetry.Rows.Add(sink.RowCount);
            IngestTelemetry.Bytes.Add(body.BytesRead);
            activity?.SetTag("dsapp.dataset.version", result.Dataset.Version);
            activity?.SetTag("dsapp.ingest.rows", sink.RowCount);
            activity?.SetTag("dsapp.ingest.bytes", body.BytesRead);
            LogStored(logger, upload.Id, result.Dataset.Version, sink.RowCount, body.BytesRead, watch.Elapsed.TotalSeconds);
            await events.PublishAsync(result.Created ? DatasetEvents.Created : DatasetEvents.Versioned, upload.Id, result.Dataset.Version);
            return result;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            if (!committed) await RemoveQuietlyAsync(dataKey);
        }
    }

    private static Task ParseAsync(TableFormat format, Stream body, TableSink sink, CancellationToken cancellationToken) => format switch
    {
        TableFormat.Csv => CsvTableReader.ReadAsync(body, sink, cancellationToken),
        TableFormat.Json => JsonTableReader.ReadAsync(body, sink, ndjson: false, cancellationToken),
        _ => JsonTableReader.ReadAsync(body, sink, ndjson: true, cancellationToken),
    };

    private async Task StoreAsync(string key, PipeReader reader, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var activity = IngestTelemetry.Source.StartActivity("object-store.put");
        activity?.SetTag("dsapp.object.key", key);
        try
        {
            await using var stream = reader.AsStream(leaveOpen: true);
            await datasets.Objects.PutAsync(key, stream, "text/csv", cancellationToken);
        }
        finally
        {
            // Tells the parser to stop if the store gave up before the end.
            await reader.CompleteAsync();
        }
    }

    private async Task<UploadResult> CommitAsync(DatasetUpload upload, string dataKey, TableSink sink, string? bodyHash, CancellationToken cancellationToken)
    {
        // Serialized per dataset on every replica, so two uploads cannot take the same version number.
        await using (await locks.AcquireAsync(upload.Id, cancellationToken))
        {
            var current = await datasets.GetAsync(upload.Id, cancellationToken);
            CheckState(upload, current);
            // A DELETE that ran while the body streamed removed the data with the rest of the dataset.
            if (await datasets.Objects.HeadAsync(dataKey, cancellationToken) is null)
                throw new DatasetConflictException(StatusCodes.Status409Conflict, $"Dataset '{upload.Id}' was deleted while this upload was streaming; send it again.");
            var now = DateTimeOffset.UtcNow;
            var columns = sink.Columns();
            var version = new DatasetVersion(upload.Id, (current?.Version ?? 0) + 1, TableFormats.Name(upload.Format),
                sink.RowCount, sink.BytesWritten, columns, dataKey, now, DatasetStore.NewEtag());
            // A label that names no column of the new version is dropped rather than left dangling.
            var wantedLabel = upload.Label ?? current?.Label;
            var label = wantedLabel is not null && columns.Any(c => c.Name == wantedLabel) ? wantedLabel : null;
            var dataset = new Dataset(upload.Id, upload.Name ?? current?.Name ?? upload.Id, upload.Description ?? current?.Description,
                upload.Tags ?? current?.Tags ?? [], label,
                version.Version, version.Format, version.RowCount, version.SizeBytes, columns, current?.CreatedAt ?? now, now, DatasetStore.NewEtag());
            using var activity = IngestTelemetry.Source.StartActivity("dataset.commit");
            activity?.SetTag("dsapp.dataset.version", version.Version);
            try
            {
                await datasets.SaveAsync(version, cancellationToken);
                await datasets.SaveAsync(dataset, CancellationToken.None);
            }
            catch
            {
                await RemoveQuietlyAsync(DatasetStore.VersionKey(upload.Id, version.Version));
                throw;
            }
            return new UploadResult(dataset, current is null, bodyHash);
        }
    }

    private static void CheckState(DatasetUpload upload, Dataset? current)
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
            logger.LogWarning(e, "Could not remove {Key} after a failed upload; it is invisible garbage", key);
        }
    }

    private static async Task WaitQuietlyAsync(Task store)
    {
        try { await store; }
        catch (Exception) { } // read from the task by the caller
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored version {Version} of dataset {DatasetId}: {Rows} rows, {Bytes} bytes in {Seconds:F2} s")]
    private static partial void LogStored(ILogger logger, string datasetId, int version, long rows, long bytes, double seconds);
}
