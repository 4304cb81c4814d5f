using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DsApp.Platform.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> as the contract asks, on Redis: the same key with the same request gets the same answer for
/// 24 hours; the same key with another request is a 422. A request claims its key while it runs, so a concurrent retry
/// is told to wait (409) instead of doing the work twice. Redis only helps: a resource that must never be created twice
/// also records its key in its own manifest (<see cref="IdempotencyStamp"/>), where a retry looks when Redis has no answer.
/// </summary>
public sealed partial class IdempotencyStore(IConnectionMultiplexer redis, ILogger<IdempotencyStore> logger)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    /// <summary>How long a claim lasts if its request dies without releasing it.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Claims the key, then looks for a kept answer. In this order a request never runs again after its predecessor:
    /// a predecessor releases its claim only after saving its answer (or failing), so whoever takes the claim next sees
    /// the answer. A claim taken for nothing (an answer was kept) is given back at once.
    /// </summary>
    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key)
    {
        var db = redis.GetDatabase();
        var token = Guid.NewGuid().ToString("N");
        // Sent together, run in this order on the one connection.
        var claiming = db.LockTakeAsync(ClaimKey(key), token, ClaimLifetime);
        var reading = db.StringGetAsync(AnswerKey(key));
        var held = await claiming;
        var value = await reading;
        var kept = value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<IdempotencyRecord>((byte[])value!, Json);
        if (kept is null) return new IdempotencyClaim(held ? token : null, null);
        if (held) await ReleaseAsync(key, new IdempotencyClaim(token, null));
        return new IdempotencyClaim(null, kept);
    }

    /// <summary>
    /// Keeps the answer for <see cref="Retention"/> and frees the claim. The work is done by now, so a failure here is
    /// logged, not thrown: the answer stands, and a retry finds the work in the store of record where the resource keeps a stamp.
    /// </summary>
    public async Task KeepAsync(IdempotencyKey key, IdempotencyClaim claim, IdempotencyRecord record)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(AnswerKey(key), JsonSerializer.SerializeToUtf8Bytes(record, Json), Retention);
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            LogNotKept(logger, key.Scope, error);
        }
        await ReleaseAsync(key, claim);
    }

    /// <summary>Frees this request's claim (if it holds one), after it failed or found a kept answer; one that cannot be freed expires.</summary>
    public async Task ReleaseAsync(IdempotencyKey key, IdempotencyClaim claim)
    {
        if (claim.Token is not { } token) return;
        try
        {
            await redis.GetDatabase().LockReleaseAsync(ClaimKey(key), token);
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            LogNotReleased(logger, key.Scope, ClaimLifetime, error);
        }
    }

    /// <summary>The first answer, as it is kept.</summary>
    public static IResult Answer(IdempotencyRecord record) => new RecordedAnswer(record, Replayed: false);

    /// <summary>A kept answer written again, byte for byte, marked <c>Idempotent-Replayed: true</c>.</summary>
    public static IResult Replay(IdempotencyRecord record) => new RecordedAnswer(record, Replayed: true);

    private static string AnswerKey(IdempotencyKey key) => $"dsapp:idempotency:{key.Hash}";
    private static string ClaimKey(IdempotencyKey key) => $"dsapp:idempotency:{key.Hash}:claim";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not keep the answer of {Scope} for its Idempotency-Key; a retry finds the work in the store of record, or runs again")]
    private static partial void LogNotKept(ILogger logger, string scope, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not free an Idempotency-Key claim of {Scope}; retries with the key wait for it to expire ({Lifetime})")]
    private static partial void LogNotReleased(ILogger logger, string scope, TimeSpan lifetime, Exception error);

    private sealed record RecordedAnswer(IdempotencyRecord Record, bool Replayed) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = Record.Status;
            foreach (var (name, value) in Record.Headers) context.Response.Headers[name] = value;
            if (Replayed) context.Response.Headers["Idempotent-Replayed"] = "true";
            if (Record.ContentType is not null) context.Response.ContentType = Record.ContentType;
            return context.Response.Body.WriteAsync(Record.Body).AsTask();
        }
    }
}
