using DsApp.ModelWorker.Inference.Onnx;
using DsApp.Platform.Contracts;
using DsApp.ServiceDefaults.OpenApi;
using DsApp.ServiceDefaults.Security;
using DsApp.ModelWorker.Http;
using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.ModelFiles;

/// <summary><c>GET /api/models/{name}/versions/{v}/onnx</c>: any ready version as an ONNX file, to run wherever ONNX runs.</summary>
public static class OnnxExportApi
{
    public static IEndpointRouteBuilder MapOnnxExportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/models/{name}/versions/{version:int}/onnx", ExportVersion).WithTags("Models").WithName("ExportModelVersionAsOnnx").RequireRole(ApiRole.Reader)
            .WithSummary("The version as an ONNX file: an ONNX version's own file, an ML.NET version converted by ML.NET's exporter.")
            .Produces(StatusCodes.Status200OK, contentType: ModelFileFormat.Onnx)
            .ProducesProblems(400, 404, 409);
        return app;
    }

    private static async Task<IResult> ExportVersion([ResourceNameFormat] string name, [VersionNumber] int version, ModelRegistry registry, CancellationToken cancellationToken)
    {
        if (!ResourceName.IsValid(name)) return ApiProblems.Invalid("name", ResourceName.Explain(name));
        var model = await registry.GetAsync(name, cancellationToken);
        var found = model is null ? null : await registry.GetVersionAsync(model, version, cancellationToken);
        if (found is null) return ApiProblems.NotFound($"Model '{name}' has no version {version}.");
        if (found.Status != VersionStatus.Ready)
            return ApiProblems.Conflict($"Version {version} of '{name}' is {RegistryJson.Kebab(found.Status)}: only a ready version has a model file.");
        await using var stored = await registry.OpenArtifactAsync(model!, found, cancellationToken)
            ?? throw new InvalidOperationException($"The model file of version {version} of '{name}' is missing.");
        using var file = new MemoryStream();
        await stored.CopyToAsync(file, cancellationToken);
        var fileName = $"{name}-v{version}.onnx";
        if (found.Runtime == ModelRuntime.Onnx) return TypedResults.File(file.ToArray(), ModelFileFormat.Onnx, fileName);
        file.Position = 0;
        try
        {
            return TypedResults.File(MlNetOnnxExport.Export(file, found.Inputs), ModelFileFormat.Onnx, fileName);
        }
        catch (OnnxExportException error)
        {
            return ApiProblems.Conflict(error.Message);
        }
    }
}
