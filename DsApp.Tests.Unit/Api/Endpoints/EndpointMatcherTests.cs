using DsApp.Api.Endpoints;
using DsApp.Api.Routing;
using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;

namespace DsApp.Tests.Unit.Api.Endpoints;

/// <summary>The door's reading of <see cref="EndpointTable"/>: the rule of a request, and what a request no rule names needs.</summary>
public sealed class EndpointMatcherTests
{
    [Theory]
    [InlineData("GET", "/", null)]
    [InlineData("GET", "/info", null)]
    [InlineData("GET", "/openapi/v1.json", null)]
    [InlineData("GET", "/openapi", null)]
    [InlineData("GET", "/OpenAPI/a/b/c/d/e/f/g/h/i/j", null)]
    [InlineData("GET", "/openapix", ApiRole.Reader)]
    [InlineData("POST", "/openapi/v1.json", ApiRole.Admin)]
    [InlineData("GET", "/health", null)]
    [InlineData("GET", "/alive", null)]
    [InlineData("GET", "/v2/health/ready", null)]
    [InlineData("GET", "/v2/models/stats", ApiRole.Reader)]
    [InlineData("GET", "/v2/models/iris/versions/3/ready", ApiRole.Reader)]
    [InlineData("GET", "/api/datasets/iris/rows/extra/a/b/c/d/e/f/g", ApiRole.Reader)]
    [InlineData("DELETE", "/api/datasets/iris", ApiRole.Admin)]
    [InlineData("OPTIONS", "/api/models/iris/predict", ApiRole.Admin)]
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
    [InlineData("POST", "/api/models//predict", ApiRole.Admin)]
    [InlineData("PUT", "/api/models/iris/predict", ApiRole.Admin)]
    [InlineData("POST", "/api/models/iris/batch-predictions", ApiRole.Admin)]
    [InlineData("POST", "/info", ApiRole.Admin)]
    [InlineData("DELETE", "/api/jobs/7", ApiRole.Admin)]
    [InlineData("PATCH", "/api/models/iris", ApiRole.Admin)]
    public void Each_request_needs_the_role_the_contract_gives_it(string method, string path, ApiRole? expected)
    {
        Assert.Equal(expected, EndpointTable.Matcher.Find(method, new PathString(path)).Role);
    }

    [Theory]
    [InlineData("POST", "/api/datasets", true)]
    [InlineData("PUT", "/api/datasets/iris", true)]
    [InlineData("POST", "/api/datasets/iris", false)] // no endpoint takes it: the standard limit, and the service answers 405
    [InlineData("POST", "/api/models/iris/predict", false)]
    [InlineData("PATCH", "/api/datasets/iris", false)]
    [InlineData("PUT", "/api/models/iris/versions/3", true)]
    [InlineData("POST", "/api/models/iris/versions", false)]
    [InlineData("POST", "/api/samples/iris", false)]
    public void Uploads_are_dataset_bodies_and_model_imports(string method, string path, bool expected)
    {
        Assert.Equal(expected, EndpointTable.Matcher.Find(method, new PathString(path)).BodyClass == BodyClass.Upload);
    }

    [Theory]
    [InlineData("POST", "/api/models/iris/predict")]
    [InlineData("POST", "/v2/models/iris/infer")]
    [InlineData("POST", "/v2/models/iris/versions/3/infer")]
    public void Predictions_have_the_prediction_body_class(string method, string path)
    {
        Assert.Equal(BodyClass.Prediction, EndpointTable.Matcher.Find(method, new PathString(path)).BodyClass);
    }

    [Fact]
    public void Finding_a_request_s_rule_allocates_nothing()
    {
        PathString[] paths = ["/api/models/iris/predict", "/v2/models/iris/versions/3/infer", "/api/datasets/iris/rows", "/nowhere/at/all", "/openapi/v1.json"];
        foreach (var path in paths) EndpointTable.Matcher.Find("POST", path);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            foreach (var path in paths) EndpointTable.Matcher.Find(i % 2 == 0 ? "GET" : "POST", path);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_literal_segment_takes_precedence_over_a_parameter_whatever_the_order_of_the_rules()
    {
        var byName = new EndpointRule("GET", "/v2/models/{model}", ApiRole.Reader, BodyClass.Standard, "modelworker");
        var stats = new EndpointRule("GET", "/v2/models/stats", ApiRole.Admin, BodyClass.Standard, "modelworker");
        Assert.Same(stats, new EndpointMatcher([byName, stats]).Find("GET", "/v2/models/stats"));
        Assert.Same(stats, new EndpointMatcher([stats, byName]).Find("GET", "/v2/models/stats"));
        Assert.Same(byName, new EndpointMatcher([stats, byName]).Find("GET", "/v2/models/iris"));
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
