using System.Globalization;

namespace DsApp.ModelWorker.Inference;

/// <summary><c>X-Model-Version</c>: the version that answered, on every predict and infer answer.</summary>
public static class ModelVersionHeader
{
    public const string Name = "X-Model-Version";

    public static void Set(HttpResponse response, int version) => response.Headers[Name] = version.ToString(CultureInfo.InvariantCulture);
}
