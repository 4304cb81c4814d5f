using static DsApp.Tests.Hostile.Bodies;

namespace DsApp.Tests.Hostile;

/// <summary>
/// Headers a client gets wrong: an Idempotency-Key that is not one, an If-Match that is not a list of entity tags, API
/// keys in forms the gateway does not take, an internal secret that is not the gateway's. Each is refused with the header
/// named (400, 412, 401, 403), and a write it comes with is not made.
/// </summary>
public static class HeaderCases
{
    private const string Csv = "text/csv";

    public static IEnumerable<HostileCase> All()
    {
        // Idempotency-Key: 1 to 255 printable ASCII characters, once.
        foreach (var (label, headers) in new (string, (string, string)[])[]
        {
            ("empty", [("Idempotency-Key", "")]),
            ("256-characters", [("Idempotency-Key", new string('k', 256))]),
            ("twice", [("Idempotency-Key", "one"), ("Idempotency-Key", "two")]),
        })
        {
            yield return new HostileCase($"headers/idempotency-key-{label}-on-an-upload", Door.Ingest, "POST", "/api/datasets", 400, "Idempotency-Key")
                { Headers = headers, ContentType = Csv, Body = Utf8("a,b\n1,2\n") };
            yield return new HostileCase($"headers/idempotency-key-{label}-on-a-training", Door.Worker, "POST", $"/api/models/{HostileStack.Model}/versions", 400, "Idempotency-Key")
                { Headers = headers, ContentType = "application/json", Body = Utf8("""{"datasetId":"iris","trainer":"lbfgs"}""") };
        }

        // If-Match that is not "*" or a list of quoted entity tags: the write is not made on a guess.
        foreach (var (label, value) in new[] { ("unquoted", "garbage"), ("empty", ""), ("one-good-one-bad", "\"abc\", garbage"), ("unclosed-quote", "\"abc") })
        {
            yield return new HostileCase($"headers/if-match-{label}-on-a-new-version", Door.Ingest, "PUT", $"/api/datasets/{HostileStack.Dataset}", 412, "If-Match")
                { Headers = [("If-Match", value)], ContentType = Csv, Body = Utf8("a,b\n3,z\n") };
            yield return new HostileCase($"headers/if-match-{label}-on-a-dataset-patch", Door.Ingest, "PATCH", $"/api/datasets/{HostileStack.Dataset}", 412, "If-Match")
                { Headers = [("If-Match", value)], ContentType = "application/merge-patch+json", Body = Utf8("""{"description":"changed"}""") };
            yield return new HostileCase($"headers/if-match-{label}-on-a-model-patch", Door.Worker, "PATCH", $"/api/models/{HostileStack.Model}", 412, "If-Match")
                { Headers = [("If-Match", value)], ContentType = "application/merge-patch+json", Body = Utf8("""{"description":"changed"}""") };
        }
        yield return new HostileCase("headers/if-match-garbage-on-a-dataset-delete", Door.Ingest, "DELETE", $"/api/datasets/{HostileStack.Spare}", 412, "If-Match")
            { Headers = [("If-Match", "garbage")] };
        yield return new HostileCase("headers/if-match-garbage-on-a-model-delete", Door.Worker, "DELETE", $"/api/models/{HostileStack.Spare}", 412, "If-Match")
            { Headers = [("If-Match", "garbage")] };

        // API keys at the gateway: one key, as X-Api-Key or Bearer.
        foreach (var (label, headers, says) in new (string, (string, string)[], string)[]
        {
            ("empty-x-api-key", [("X-Api-Key", "")], "malformed"),
            ("bearer-without-a-key", [("Authorization", "Bearer")], "malformed"),
            ("basic-credentials", [("Authorization", "Basic YWRtaW46YWRtaW4=")], "malformed"),
            ("two-x-api-keys", [("X-Api-Key", GatewayHost.AdminKey), ("X-Api-Key", GatewayHost.AdminKey)], "malformed"),
            ("x-api-key-and-another-bearer", [("X-Api-Key", GatewayHost.AdminKey), ("Authorization", "Bearer " + GatewayHost.ReaderKey)], "malformed"),
            ("unknown-key", [("X-Api-Key", "not-a-key-of-this-gateway")], "not valid"),
            ("key-of-300-characters", [("X-Api-Key", new string('k', 300))], "not valid"),
            ("key-with-a-space-inside", [("X-Api-Key", "admin key")], "not valid"),
            ("admin-key-with-one-character-more", [("X-Api-Key", GatewayHost.AdminKey + "x")], "not valid"),
            ("no-key", [], "needs an API key"),
        })
        {
            yield return new HostileCase($"headers/api-key-{label}-on-an-upload", Door.Gateway, "POST", "/api/datasets?id={new}", 401, says)
                { Credentials = false, Headers = headers, ContentType = Csv, Body = Utf8("a,b\n1,2\n") };
        }
        yield return new HostileCase("headers/api-key-unknown-on-infer", Door.Gateway, "POST", $"/v2/models/{HostileStack.Model}/infer", 401, "not valid")
            { Credentials = false, Headers = [("X-Api-Key", "nope")], ContentType = "application/json", Body = Utf8("{}") };
        yield return new HostileCase("headers/reader-key-on-an-upload", Door.Gateway, "POST", "/api/datasets?id={new}", 403, "needs admin")
            { Credentials = false, Headers = [("X-Api-Key", GatewayHost.ReaderKey)], ContentType = Csv, Body = Utf8("a,b\n1,2\n") };
        yield return new HostileCase("headers/predictor-key-on-a-model-delete", Door.Gateway, "DELETE", $"/api/models/{HostileStack.Model}", 403, "needs admin")
            { Credentials = false, Headers = [("Authorization", "Bearer " + GatewayHost.PredictorKey)] };

        // Around the gateway: a service believes only the gateway's secret (or a key of its own).
        yield return new HostileCase("headers/internal-secret-wrong", Door.Ingest, "POST", "/api/datasets?id={new}", 401, "API key")
            { Credentials = false, Headers = [("X-DsApp-Internal", "guessed")], ContentType = Csv, Body = Utf8("a,b\n1,2\n") };
        yield return new HostileCase("headers/internal-secret-empty", Door.Worker, "DELETE", $"/api/models/{HostileStack.Model}", 401, "API key")
            { Credentials = false, Headers = [("X-DsApp-Internal", "")] };
        yield return new HostileCase("headers/internal-secret-twice", Door.Worker, "DELETE", $"/api/models/{HostileStack.Model}", 401, "API key")
            { Credentials = false, Headers = [("X-DsApp-Internal", GatewayProof.InternalSecret), ("X-DsApp-Internal", GatewayProof.InternalSecret)] };
    }
}
