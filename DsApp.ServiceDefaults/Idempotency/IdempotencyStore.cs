using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StackExchange.Redis;

namespace DsApp.ServiceDefaults.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> as the contract asks, on Redis: the same key with the same body gets the
/// same answer for 24 hours; the same key with another body is a 422. A request claims its key while
/// it runs, so a concurrent retry is told to wait (409) instead of doing the work twice. Keys are
/// kept per <c>scope</c> (e.g. <c>POST /api/datasets</c>) so two endpoints never share one.
/// </summary>
public sealed class IdempotencyStore(IConnectionMultiplexer redis)
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    /// <summary>How long a claim lasts if its request dies without releasing it.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The request's key, null when it has none; false when the key is not acceptable (empty, too long, not printable ASCII).</summary>
    public static bool TryReadKey(HttpRequest request, out string? key)
    {
        key = request.Headers[HeaderName].ToString();
        if (key.Length == 0 && !request.Headers.ContainsKey(HeaderName))
        {
            key = null;
            return true;
        }
        return key.Length is > 0 and <= MaxKeyLength && key.All(c => c is >= ' ' and <= '~');
    }

    public static string Hash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    public async Task<IdempotencyRecord?> FindAsync(string scope, string key)
    {
        var value = await redis.GetDatabase().StringGetAsync(AnswerKey(scope, key));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<IdempotencyRecord>((byte[])value!, Json);
    }

    /// <summary>Claims the key for a request about to run; false when another request holds it.</summary>
    public Task<bool> TryClaimAsync(string scope, string key) =>
        redis.GetDatabase().StringSetAsync(ClaimKey(scope, key), "1", ClaimLifetime, When.NotExists);

    /// <summary>Keeps the answer for <see cref="Retention"/> and frees the claim.</summary>
    public async Task SaveAsync(string scope, string key, IdempotencyRecord record)
    {
        var db = redis.GetDatabase();
        await db.StringSetAsync(AnswerKey(scope, key), JsonSerializer.SerializeToUtf8Bytes(record, Json), Retention);
        await db.KeyDeleteAsync(ClaimKey(scope, key));
    }

    /// <summary>Frees the claim of a request that failed, so a retry may run.</summary>
    public Task ReleaseAsync(string scope, string key) => redis.GetDatabase().KeyDeleteAsync(ClaimKey(scope, key));

    /// <summary>Writes a kept answer again, byte for byte.</summary>
    public static IResult Replay(IdempotencyRecord record) => new ReplayedAnswer(record);

    private static string AnswerKey(string scope, string key) => $"dsapp:idempotency:{scope}:{key}";
    private static string ClaimKey(string scope, string key) => $"dsapp:idempotency:{scope}:{key}:claim";

    private sealed class ReplayedAnswer(IdempotencyRecord record) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = record.Status;
            foreach (var (name, value) in record.Headers) context.Response.Headers[name] = value;
            context.Response.Headers["Idempotent-Replayed"] = "true";
            if (record.ContentType is not null) context.Response.ContentType = record.ContentType;
            return context.Response.Body.WriteAsync(record.Body).AsTask();
        }
    }
}
