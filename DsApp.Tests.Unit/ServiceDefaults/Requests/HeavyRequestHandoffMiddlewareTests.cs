using DsApp.ServiceDefaults.Requests;
using DsApp.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;

namespace DsApp.Tests.Unit.ServiceDefaults.Requests;

/// <summary>Only a small prediction stays on the socket thread; anything else reads its body through
/// <see cref="PoolResumedBody"/> after a hop to the thread pool.</summary>
public sealed class HeavyRequestHandoffMiddlewareTests
{
    [Theory]
    [InlineData(BodyClass.Prediction, 200L, false)]
    [InlineData(BodyClass.Prediction, HeavyRequestHandoffMiddleware.SmallPredictionBytes, false)]
    [InlineData(BodyClass.Prediction, HeavyRequestHandoffMiddleware.SmallPredictionBytes + 1, true)]
    [InlineData(BodyClass.Prediction, null, true)] // chunked: its size is not known
    [InlineData(BodyClass.Upload, 200L, true)]
    [InlineData(BodyClass.Standard, 0L, true)]
    public async Task Moves_every_request_but_a_small_prediction(BodyClass bodyClass, long? contentLength, bool movedOff)
    {
        var context = new DefaultHttpContext();
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new EndpointBodyClass(bodyClass)), "test"));
        context.Request.ContentLength = contentLength;
        Stream? seen = null;

        await new HeavyRequestHandoffMiddleware(handled => { seen = handled.Request.Body; return Task.CompletedTask; }).InvokeAsync(context);

        Assert.Equal(movedOff, seen is PoolResumedBody);
    }
}
