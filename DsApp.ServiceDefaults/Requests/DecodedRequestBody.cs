using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DsApp.ServiceDefaults.Requests;

/// <summary>
/// A request body as its content coding decodes it, read as it streams. The decoded bytes count against the request's
/// body limit as the endpoint set it before reading (<see cref="IHttpMaxRequestBodySizeFeature"/>), so a few kilobytes
/// of gzip cannot expand past what the endpoint takes: 413, as for a body sent that large. A body that is not valid in
/// its coding is a 400. Both are <see cref="BadHttpRequestException"/>s, as the server's own are.
/// </summary>
public sealed class DecodedRequestBody(Stream decoder, ContentCoding coding, IHttpMaxRequestBodySizeFeature? limit) : ReadOnlyBodyStream
{
    private long _decoded;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await decoder.ReadAsync(buffer, cancellationToken);
        }
        catch (InvalidDataException invalid)
        {
            throw NotInCoding(invalid);
        }
        return Count(read);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int read;
        try
        {
            read = decoder.Read(buffer, offset, count);
        }
        catch (InvalidDataException invalid)
        {
            throw NotInCoding(invalid);
        }
        return Count(read);
    }

    private int Count(int read)
    {
        _decoded += read;
        // Read at each step: the endpoint sets its limit (or lifts it, to count the body itself) before it reads.
        if (limit?.MaxRequestBodySize is { } max && _decoded > max)
            throw new BadHttpRequestException(
                $"The body decodes (Content-Encoding: {coding.Name}) to more than the {max} bytes this endpoint takes.", StatusCodes.Status413PayloadTooLarge);
        return read;
    }

    private BadHttpRequestException NotInCoding(InvalidDataException invalid) =>
        new($"The body is not valid {coding.Name} data, as its Content-Encoding says: {invalid.Message}", StatusCodes.Status400BadRequest, invalid);

    protected override void Dispose(bool disposing)
    {
        if (disposing) decoder.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await decoder.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override long BytesCounted => _decoded;
}
