using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace DsApp.ServiceDefaults.Requests;

/// <summary>
/// A request body read from the server's <see cref="PipeReader"/>, whose reads can be cancelled without breaking it.
/// Kestrel's own <c>Request.Body</c> leaves Kestrel's body reader mid-read when a read is cancelled (by its token or by
/// <see cref="PipeReader.CancelPendingRead"/>): the answer still goes out, but Kestrel's drain of the unread rest then
/// fails and logs an Error. Here the token never reaches the server's reader: it becomes a CancelPendingRead, and the
/// cancelled read hands its buffer back, consuming nothing, before it throws.
/// </summary>
public sealed class CancellableRequestBody(PipeReader reader) : ReadOnlyBodyStream
{
    /// <summary>The body of <paramref name="request"/> as its endpoint sees it (decoded, when it was sent with a coding).</summary>
    public static Stream Of(HttpRequest request) => new CancellableRequestBody(request.BodyReader);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (true)
        {
            ReadResult result;
            using (cancellationToken.UnsafeRegister(static state => ((PipeReader)state!).CancelPendingRead(), reader))
                result = await reader.ReadAsync(CancellationToken.None);
            var data = result.Buffer;
            if (result.IsCanceled)
            {
                reader.AdvanceTo(data.Start);
                cancellationToken.ThrowIfCancellationRequested();
                // Not this read's token: a cancel that fired as an earlier read was completing lands on the next read. The
                // bytes are still there; read again.
                continue;
            }
            if (data.IsEmpty && !result.IsCompleted)
            {
                reader.AdvanceTo(data.End);
                continue;
            }
            // Counted before AdvanceTo: the pipe then recycles the segments a sequence's length is computed from.
            var count = (int)Math.Min(data.Length, buffer.Length);
            var taken = data.Slice(0, count);
            taken.CopyTo(buffer.Span);
            reader.AdvanceTo(taken.End);
            return count;
        }
    }
}
