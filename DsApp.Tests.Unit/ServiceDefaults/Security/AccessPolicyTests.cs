using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;

namespace DsApp.Tests.Unit.ServiceDefaults.Security;

public sealed class AccessPolicyTests
{
    [Theory]
    [InlineData("GET", "/", null)]
    [InlineData("GET", "/info", null)]
    [InlineData("GET", "/openapi/v1.json", null)]
    [InlineData("GET", "/health", null)]
    [InlineData("GET", "/alive", null)]
    [InlineData("GET", "/v2/health/ready", null)]
    [InlineData("HEAD", "/v2/health/live", null)]
    [InlineData("GET", "/scalar.js", null)]
    [InlineData("GET", "/scalar.jsx", ApiRole.Reader)]
    [InlineData("GET", "/v2", ApiRole.Reader)]
    [InlineData("GET", "/information", ApiRole.Reader)]
    [InlineData("GET", "/api/datasets/iris/rows", ApiRole.Reader)]
    [InlineData("POST", "/api/models/iris/predict", ApiRole.Predictor)]
    [InlineData("POST", "/API/Models/iris/Predict", ApiRole.Predictor)]
    [InlineData("POST", "/v2/models/iris/infer", ApiRole.Predictor)]
    [InlineData("POST", "/v2/models/iris/versions/3/infer", ApiRole.Predictor)]
    [InlineData("POST", "/api/models/iris/predict/extra", ApiRole.Admin)]
    [InlineData("POST", "/api/models/predict", ApiRole.Admin)]
    [InlineData("PUT", "/api/models/iris/predict", ApiRole.Admin)]
    [InlineData("POST", "/api/models/iris/batch-predictions", ApiRole.Admin)]
    [InlineData("POST", "/info", ApiRole.Admin)]
    [InlineData("DELETE", "/api/jobs/7", ApiRole.Admin)]
    [InlineData("PATCH", "/api/models/iris", ApiRole.Admin)]
    public void Each_request_needs_the_role_the_contract_gives_it(string method, string path, ApiRole? expected)
    {
        Assert.Equal(expected, AccessPolicy.RequiredRole(method, new PathString(path)));
    }

    [Theory]
    [InlineData("POST", "/api/datasets", true)]
    [InlineData("PUT", "/api/datasets/iris", true)]
    [InlineData("POST", "/api/datasets/iris", true)]
    [InlineData("PATCH", "/api/datasets/iris", false)]
    [InlineData("PUT", "/api/models/iris/versions/3", true)]
    [InlineData("POST", "/api/models/iris/versions", false)]
    [InlineData("POST", "/api/samples/iris", false)]
    public void Uploads_are_dataset_bodies_and_model_imports(string method, string path, bool expected)
    {
        Assert.Equal(expected, AccessPolicy.IsUpload(method, new PathString(path)));
    }

    [Fact]
    public void A_key_is_found_by_its_hash_and_only_by_it()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new GatewaySecurityOptions
        {
            ApiKeys = { ["ci"] = new ApiKeyEntry { Hash = ApiKeyHash.Of("the-ci-key"), Role = "predictor" } },
        });
        var ring = new ApiKeyRing(options);
        Assert.Equal(new ApiKeyIdentity("ci", ApiRole.Predictor), ring.Find("the-ci-key"));
        Assert.Null(ring.Find("the-ci-key "));
        Assert.Null(ring.Find("the-ci-ke"));
        Assert.Null(ring.Find(new string('k', ApiKeyRing.MaxKeyLength + 1)));
        Assert.Same(ring.Find("the-ci-key"), ring.Find("the-ci-key"));
    }
}
