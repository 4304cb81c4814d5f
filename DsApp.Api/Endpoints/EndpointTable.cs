using DsApp.ServiceDefaults.Security;
using static DsApp.ServiceDefaults.Security.ApiRole;
using static DsApp.ServiceDefaults.Security.BodyClass;

namespace DsApp.Api.Endpoints;

/// <summary>
/// Every public endpoint's facts, in one place: the gateway's door reads its role and body class from here, routing
/// reads the prefixes, and the published document's order follows them. Each service declares the same facts where it
/// maps the endpoint (<c>.RequireRole(..)</c>, <c>.WithBodyClass(..)</c>); <c>EndpointTableTests</c> holds the two together,
/// so an endpoint added to a service without its line here fails the build's tests.
/// </summary>
public static class EndpointTable
{
    public const string Gateway = "gateway";
    public const string Ingest = "ingest";
    public const string ModelWorker = "modelworker";
    private static readonly ApiRole? Anyone = null;

    /// <summary>The public path prefixes each service owns, in the order the contract presents them.</summary>
    public static readonly IReadOnlyList<(string Prefix, string Owner)> Prefixes =
    [
        ("/api/samples", Ingest),
        ("/api/datasets", Ingest),
        ("/api/models", ModelWorker),
        ("/api/jobs", ModelWorker),
        ("/v2", ModelWorker),
    ];

    public static readonly IReadOnlyList<EndpointRule> Rules =
    [
        new("GET", "/", Anyone, Standard, Gateway),
        new("GET", "/scalar.js", Anyone, Standard, Gateway),
        new("GET", "/scalar.aspnetcore.js", Anyone, Standard, Gateway),
        new("GET", "/info", Anyone, Standard, Gateway),
        new("GET", "/openapi/{**document}", Anyone, Standard, Gateway),
        new("GET", "/health", Anyone, Standard, Gateway),
        new("GET", "/alive", Anyone, Standard, Gateway),

        new("GET", "/api/samples", Reader, Standard, Ingest),
        new("POST", "/api/samples/{sample}", Admin, Standard, Ingest),
        new("GET", "/api/datasets", Reader, Standard, Ingest),
        new("POST", "/api/datasets", Admin, Upload, Ingest),
        new("GET", "/api/datasets/{id}", Reader, Standard, Ingest),
        new("PUT", "/api/datasets/{id}", Admin, Upload, Ingest),
        new("PATCH", "/api/datasets/{id}", Admin, Standard, Ingest),
        new("DELETE", "/api/datasets/{id}", Admin, Standard, Ingest),
        new("GET", "/api/datasets/{id}/rows", Reader, Standard, Ingest),
        new("GET", "/api/datasets/{id}/content", Reader, Standard, Ingest),
        new("GET", "/api/datasets/{id}/versions", Reader, Standard, Ingest),

        new("GET", "/api/models", Reader, Standard, ModelWorker),
        new("POST", "/api/models", Admin, Standard, ModelWorker),
        new("GET", "/api/models/{name}", Reader, Standard, ModelWorker),
        new("PATCH", "/api/models/{name}", Admin, Standard, ModelWorker),
        new("DELETE", "/api/models/{name}", Admin, Standard, ModelWorker),
        new("GET", "/api/models/{name}/versions", Reader, Standard, ModelWorker),
        new("POST", "/api/models/{name}/versions", Admin, Standard, ModelWorker),
        new("GET", "/api/models/{name}/versions/{version}", Reader, Standard, ModelWorker),
        new("PUT", "/api/models/{name}/versions/{version}", Admin, Upload, ModelWorker),
        new("DELETE", "/api/models/{name}/versions/{version}", Admin, Standard, ModelWorker),
        new("GET", "/api/models/{name}/versions/{version}/onnx", Reader, Standard, ModelWorker),
        new("POST", "/api/models/{name}/predict", Predictor, Prediction, ModelWorker),
        new("POST", "/api/models/{name}/batch-predictions", Admin, Standard, ModelWorker),
        new("GET", "/api/models/{name}/drift", Reader, Standard, ModelWorker),
        new("DELETE", "/api/models/{name}/cache", Admin, Standard, ModelWorker),
        new("GET", "/api/jobs", Reader, Standard, ModelWorker),
        new("GET", "/api/jobs/{id}", Reader, Standard, ModelWorker),
        new("DELETE", "/api/jobs/{id}", Admin, Standard, ModelWorker),

        new("GET", "/v2", Reader, Standard, ModelWorker),
        new("GET", "/v2/health/live", Anyone, Standard, ModelWorker),
        new("GET", "/v2/health/ready", Anyone, Standard, ModelWorker),
        new("GET", "/v2/models/stats", Reader, Standard, ModelWorker),
        new("GET", "/v2/models/{model}", Reader, Standard, ModelWorker),
        new("GET", "/v2/models/{model}/ready", Reader, Standard, ModelWorker),
        new("GET", "/v2/models/{model}/config", Reader, Standard, ModelWorker),
        new("GET", "/v2/models/{model}/stats", Reader, Standard, ModelWorker),
        new("POST", "/v2/models/{model}/infer", Predictor, Prediction, ModelWorker),
        new("GET", "/v2/models/{model}/versions/{version}", Reader, Standard, ModelWorker),
        new("GET", "/v2/models/{model}/versions/{version}/ready", Reader, Standard, ModelWorker),
        new("GET", "/v2/models/{model}/versions/{version}/config", Reader, Standard, ModelWorker),
        new("GET", "/v2/models/{model}/versions/{version}/stats", Reader, Standard, ModelWorker),
        new("POST", "/v2/models/{model}/versions/{version}/infer", Predictor, Prediction, ModelWorker),
        new("POST", "/v2/repository/index", Admin, Standard, ModelWorker),
        new("POST", "/v2/repository/models/{model}/load", Admin, Standard, ModelWorker),
        new("POST", "/v2/repository/models/{model}/unload", Admin, Standard, ModelWorker),
    ];

    /// <summary>The door's matcher over <see cref="Rules"/>, compiled once.</summary>
    public static readonly EndpointMatcher Matcher = new(Rules);
}
