using Microsoft.AspNetCore.Http.HttpResults;
using DsApp.ModelWorker.Registry;

namespace DsApp.ModelWorker.ModelFiles;

/// <summary>What checking an imported model file gives: the version it would become, or the 400 that says why it cannot.</summary>
public readonly record struct ImportedFile(ModelVersion? Candidate, ProblemHttpResult? Problem)
{
    public static ImportedFile Good(ModelVersion candidate) => new(candidate, null);
    public static ImportedFile Refused(ProblemHttpResult problem) => new(null, problem);
}
