using System.IO.Compression;
using Microsoft.Extensions.Primitives;

namespace DsApp.ServiceDefaults.Requests;

/// <summary>
/// The content codings a request body may be sent in (RFC 9110 §8.4.1): <c>gzip</c> (and its alias <c>x-gzip</c>),
/// <c>deflate</c> (the zlib format, RFC 1950, as RFC 9110 defines it and Triton's client sends it) and <c>br</c>; each
/// decoded as it streams.
/// </summary>
public sealed record ContentCoding(string Name, Func<Stream, Stream> Decoder)
{
    public static readonly ContentCoding Gzip = new("gzip", body => new GZipStream(body, CompressionMode.Decompress, leaveOpen: true));
    public static readonly ContentCoding Deflate = new("deflate", body => new ZLibStream(body, CompressionMode.Decompress, leaveOpen: true));
    public static readonly ContentCoding Brotli = new("br", body => new BrotliStream(body, CompressionMode.Decompress, leaveOpen: true));

    public const string Taken = "gzip, deflate or br";

    /// <summary>
    /// The coding a Content-Encoding header names: <paramref name="coding"/> null for none (<c>identity</c>), or
    /// <paramref name="refusal"/> saying why it cannot be decoded (an unknown coding, or codings applied one over another).
    /// </summary>
    public static bool TryRead(StringValues header, out ContentCoding? coding, out string? refusal)
    {
        coding = null;
        refusal = null;
        var names = header.SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(name => !name.Equals("identity", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (names.Count == 0) return true;
        if (names.Count > 1)
        {
            refusal = $"Content-Encoding '{header}' applies {names.Count} codings one over another; send the body in one ({Taken}).";
            return false;
        }
        coding = names[0].ToLowerInvariant() switch
        {
            "gzip" or "x-gzip" => Gzip,
            "deflate" => Deflate,
            "br" => Brotli,
            _ => null,
        };
        if (coding is null) refusal = $"Content-Encoding '{names[0]}' is not one this API decodes: send the body unencoded or as {Taken}.";
        return coding is not null;
    }
}
