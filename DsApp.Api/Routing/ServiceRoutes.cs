namespace DsApp.Api.Routing;

public static class ServiceRoutes
{
    public static IEndpointRouteBuilder MapServiceRoutes(this IEndpointRouteBuilder app)
    {
        app.MapReverseProxy(proxy => proxy.Use(UnavailableServiceProblem.WriteWhenForwardingFailedAsync));
        return app;
    }
}
