using System.Diagnostics;
using System.IO.Pipelines;
using DsApp.Platform.Records;
using DsApp.Ingest.Parsing;
using DsApp.Ingest.Telemetry;
using Microsoft.Extensions.Options;

namespace DsApp.Ingest.Datasets;

/// <summary>
/// Takes an upload in, in one pass and bounded memory: the body is parsed, checked and profiled
/// while its stored form streams through a pipe into the object store, under the generation of the dataset it found.
/// Commit-last (<see cref="DatasetCommands.CommitAsync"/>): the data object first, then the version manifest, then the
/// dataset manifest that makes the version visible. A failure known to have committed nothing removes what the upload
/// wrote, so the previous version keeps answering; one whose outcome is unknown leaves it.
/// </summary>
public sealed partial class DatasetIngestion(DatasetStore datasets, DatasetCommands commands, IOptions<IngestOptions> options, ILogger<DatasetIngestion> logger)
{
    public async Task<UploadResult> IngestAsync(DatasetUpload upload, CancellationToken cancellationToken)
    {
        using var activity = IngestTracing.Source.StartActivity("dataset.upload");
        activity?.SetTag("dsapp.dataset.id", upload.Id);
        using var scope = logger.BeginScope(new KeyValuePair<string, object?>[] { new("dsapp.dataset.id", upload.Id) });
        var watch = Stopwatch.StartNew();
        activity?.SetTag("dsapp.dataset.format", TableFormats.Name(upload.Format));

        var found = await datasets.GetAsync(upload.Id, cancellationToken);
        DatasetCommands.CheckState(upload, found);
        var dataKey = DatasetStore.NewDataKey(upload.Id);

        await using var body = new CheckedBodyStream(upload.Body, options.Value.MaxUploadBytes, upload.HashBody);
        var keepData = false;
        try
        {
            var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 << 20, resumeWriterThreshold: 2 << 20, useSynchronizationContext: false));
            var sink = new TableSink(pipe.Writer);
            var store = StoreAsync(dataKey, pipe.Reader, cancellationToken);
            try
            {
                await ParseAsync(upload.Format, body, sink, new TableLimits(options.Value.MaxColumns, options.Value.MaxRecordChars), cancellationToken);
                await sink.FlushAsync(cancellationToken);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
                await WaitQuietlyAsync(store);
                // The parser stops when the store gives up: then the store's failure is the one to report. A fault of the
                // body (a bad table, past the limit, cut short or badly encoded) is the client's, whatever the store then did.
                if (store.Exception?.InnerException is { } storeFailure && e is not (BadInputException or UploadTooLargeException or BadHttpRequestException))
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(storeFailure);
                throw;
            }
            await store;

            var result = await commands.CommitAsync(new StartedUpload(upload, found, Generation.New(), dataKey), sink, body.BodyHash(), cancellationToken);
            keepData = true;
            IngestMetrics.Rows.Add(sink.RowCount);
            IngestMetrics.Bytes.Add(body.BytesRead);
            activity?.SetTag("dsapp.dataset.version", result.Dataset.Version);
            activity?.SetTag("dsapp.ingest.rows", sink.RowCount);
            activity?.SetTag("dsapp.ingest.bytes", body.BytesRead);
            LogStored(logger, upload.Id, result.Dataset.Version, sink.RowCount, body.BytesRead, watch.Elapsed.TotalSeconds);
            return result;
        }
        catch (CommitUncertainException uncertain)
        {
            keepData = true;
            activity?.SetStatus(ActivityStatusCode.Error, uncertain.InnerException!.Message);
            throw;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            if (!keepData) await RemoveQuietlyAsync(dataKey);
        }
    }

    private static Task ParseAsync(TableFormat format, Stream body, TableSink sink, TableLimits limits, CancellationToken cancellationToken) => format switch
    {
        TableFormat.Csv => CsvTableReader.ReadAsync(body, sink, limits, cancellationToken),
        TableFormat.Json => JsonTableReader.ReadAsync(body, sink, limits, ndjson: false, cancellationToken),
        _ => JsonTableReader.ReadAsync(body, sink, limits, ndjson: true, cancellationToken),
    };

    private async Task StoreAsync(string key, PipeReader reader, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var activity = IngestTracing.Source.StartActivity("object-store.put");
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
