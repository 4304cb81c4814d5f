namespace DsApp.ModelWorker.OpenInference;

/// <summary>Declares, where a <c>/v2</c> endpoint is mapped, the errors it answers: the protocol's <c>{"error"}</c> as application/json.</summary>
public static class InferenceErrorResponses
{
    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses) endpoint.Produces<InferenceError>(status, "application/json");
        return endpoint;
    }
}
