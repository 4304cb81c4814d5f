using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace DsApp.ServiceDefaults.Problems;

/// <summary>
/// The media types the endpoints of a request's method and path take, as they declare them (<see cref="IAcceptsMetadata"/>).
/// Routing refuses a body of another type with a bare 415 before any endpoint runs; this finds what the refused
/// endpoint would have taken, so the problem can say. Only on that refusal: it walks every endpoint.
/// </summary>
public static class AcceptedMediaTypes
{
    public static IReadOnlyList<string> For(HttpContext context)
    {
        var sources = context.RequestServices.GetService<EndpointDataSource>();
        if (sources is null) return [];
        var method = context.Request.Method;
        var taken = new List<string>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not { } accepts) continue;
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods && !methods.HttpMethods.Contains(method, StringComparer.OrdinalIgnoreCase)) continue;
            var matcher = new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary());
            if (matcher.TryMatch(context.Request.Path, new RouteValueDictionary())) taken.AddRange(accepts.ContentTypes);
        }
        return taken.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
