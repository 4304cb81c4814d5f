using System.IO.Compression;

namespace DsApp.Tests.Infrastructure;

/// <summary>Request bodies sent with a Content-Encoding, as a client compresses them.</summary>
public static class ContentCodings
{
    /// <summary><paramref name="body"/> compressed in <paramref name="coding"/> (deflate: the zlib format, as HTTP means it).</summary>
    public static HttpContent Encoded(byte[] body, string coding, string contentType)
    {
        var content = IngestClient.Body(Compress(body, coding), contentType);
        content.Headers.ContentEncoding.Add(coding);
        return content;
    }

    public static byte[] Compress(byte[] body, string coding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = coding.ToLowerInvariant() switch
        {
            "deflate" => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true),
            _ => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
        })
        {
            compressor.Write(body);
        }
        return output.ToArray();
    }
}
