using System.Text.Json;
using DsApp.Platform.Records;

namespace DsApp.ModelWorker.Registry;

/// <summary>
/// The one write path of models and their versions: every change takes the model's lock, checks its precondition against
/// the manifest it read, writes only over that manifest (a writer the lock did not hold back loses and reads again), and
/// raises the change: this replica's catalog first, then every other replica. Version numbers come from the model
/// manifest's <see cref="Model.LatestVersion"/>, raised by the same conditional write, so none is ever given twice.
/// </summary>
public sealed class ModelCommands(ModelRegistry registry, ResourceLocks locks, ModelEvents events, IEnumerable<IModelChangeObserver> observers)
{
    public static string LockName(string name) => $"models:{name}";

    public async Task<Outcome<Model>> CreateAsync(Model model, CancellationToken cancellationToken)
    {
        Model? created;
        await using (await locks.AcquireAsync(LockName(model.Name), cancellationToken))
        {
            created = await registry.WriteAsync(model with { Generation = Generation.New() }, read: null, cancellationToken);
        }
        if (created is null) return Outcome<Model>.Conflict($"A model named '{model.Name}' already exists.");
        // Replicas that remember the name as missing learn it exists now.
        await RaiseChangedAsync(model.Name, cancellationToken);
        return Outcome<Model>.Ok(created);
    }

    public async Task<Outcome<Model>> PatchAsync(string name, Func<string, bool> ifMatch, JsonElement patch, CancellationToken cancellationToken)
    {
        Model saved;
        await using (await locks.AcquireAsync(LockName(name), cancellationToken))
        {
            while (true)
            {
                if (await registry.GetWithEtagAsync(name, cancellationToken) is not { } read) return NotFound(name);
                if (!ifMatch(read.Value.Etag)) return PreconditionFailed(read.Value.Etag);
                var outcome = ModelPatch.Apply(read.Value, patch, await registry.ListVersionsAsync(read.Value, cancellationToken));
                if (!outcome.IsOk) return outcome;
                if (await registry.WriteAsync(outcome.Value!, read, cancellationToken) is { } written)
                {
                    saved = written;
                    break;
                }
            }
        }
        await RaiseChangedAsync(name, cancellationToken);
        return Outcome<Model>.Ok(saved);
    }

    public async Task<Outcome<Model>> DeleteAsync(string name, Func<string, bool> ifMatch, CancellationToken cancellationToken)
    {
        Model model;
        await using (await locks.AcquireAsync(LockName(name), cancellationToken))
        {
            if (await registry.GetAsync(name, cancellationToken) is not { } found) return NotFound(name);
            if (!ifMatch(found.Etag)) return PreconditionFailed(found.Etag);
            model = found;
            // From here on the delete finishes whatever happens to the request.
            await registry.DeleteAsync(model);
        }
        await RaiseChangedAsync(name, CancellationToken.None, deleted: true);
        return Outcome<Model>.Ok(model);
    }

    /// <summary>Gives the next version number of this incarnation: one past every number it ever gave.</summary>
    public Task<Outcome<(Model Model, int Version)>> AllocateVersionAsync(Model model, CancellationToken cancellationToken) =>
        RaiseLatestAsync(model, current => (current.LatestVersion ?? 0) + 1, cancellationToken);

    /// <summary>Takes the number an import names, if no version of this incarnation ever had it or a higher one.</summary>
    public Task<Outcome<(Model Model, int Version)>> ClaimVersionAsync(Model model, int version, CancellationToken cancellationToken) =>
        RaiseLatestAsync(model, current => version > (current.LatestVersion ?? 0) ? version : null, cancellationToken);

    private async Task<Outcome<(Model, int)>> RaiseLatestAsync(Model model, Func<Model, int?> next, CancellationToken cancellationToken)
    {
        await using var held = await locks.AcquireAsync(LockName(model.Name), cancellationToken);
        while (true)
        {
            if (await registry.GetWithEtagAsync(model.Name, cancellationToken) is not { } read || read.Value.Generation != model.Generation)
                return NotFound(model.Name).As<(Model, int)>();
            if (next(read.Value) is not { } number)
                return Outcome<(Model, int)>.Conflict($"Model '{model.Name}' has used version numbers up to {read.Value.LatestVersion}: numbers are never reused; import as {read.Value.LatestVersion + 1} or higher.");
            if (await registry.WriteAsync(read.Value with { LatestVersion = number }, read, cancellationToken) is { } saved)
                return Outcome<(Model, int)>.Ok((saved, number));
        }
    }

    /// <summary>
    /// Writes a version's manifest as <paramref name="change"/> makes it from the one stored (null: none yet), if the model is
    /// still the same incarnation. <paramref name="change"/> answers null when there is nothing to do (the work was done
    /// already, by this job's earlier run or another worker's): then the stored version is the answer.
    /// </summary>
    public async Task<Outcome<ModelVersion>> WriteVersionAsync(Model model, int version, Func<ModelVersion?, ModelVersion?> change, CancellationToken cancellationToken)
    {
        ModelVersion written;
        await using (await locks.AcquireAsync(LockName(model.Name), cancellationToken))
        {
            while (true)
            {
                if (await registry.GetAsync(model.Name, cancellationToken) is not { } current || current.Generation != model.Generation)
                    return Outcome<ModelVersion>.NotFound($"Model '{model.Name}' was deleted.");
                var read = await registry.GetVersionWithEtagAsync(model, version, cancellationToken);
                if (change(read?.Value) is not { } next)
                    return read is null ? Outcome<ModelVersion>.NotFound($"Model '{model.Name}' has no version {version}.") : Outcome<ModelVersion>.Ok(read.Value);
                if (await registry.WriteVersionAsync(model, next, read, cancellationToken))
                {
                    written = next;
                    break;
                }
            }
        }
        await RaiseChangedAsync(model.Name, cancellationToken);
        return Outcome<ModelVersion>.Ok(written);
    }

    /// <summary>
    /// Ends a version whose training will not finish: removed when <paramref name="failure"/> is null (cancelled), else kept as
    /// failed with the reason. A version that became ready, or belongs to a deleted incarnation, is left alone.
    /// </summary>
    public async Task AbandonVersionAsync(Model model, int version, string? failure, CancellationToken cancellationToken)
    {
        await using (await locks.AcquireAsync(LockName(model.Name), cancellationToken))
        {
            if (await registry.GetAsync(model.Name, cancellationToken) is not { } current || current.Generation != model.Generation) return;
            var read = await registry.GetVersionWithEtagAsync(model, version, cancellationToken);
            if (read is null || read.Value.Status != VersionStatus.Training) return;
            if (failure is null) await registry.DeleteVersionAsync(model, version);
            else if (!await registry.WriteVersionAsync(model, read.Value with { Status = VersionStatus.Failed, Error = failure }, read, cancellationToken)) return;
        }
        await RaiseChangedAsync(model.Name, cancellationToken);
    }

    /// <summary>
    /// Deletes a version nothing points at. One in training is refused while its job may still run
    /// (<paramref name="jobIsLive"/>); one whose job ended or was lost (Redis restarted without persistence, or a queue
    /// that refused it) goes like any other.
    /// </summary>
    public async Task<Outcome<ModelVersion>> DeleteVersionAsync(string name, int version, Func<string, bool> ifMatch, Func<string?, Task<bool>> jobIsLive,
        CancellationToken cancellationToken)
    {
        ModelVersion found;
        await using (await locks.AcquireAsync(LockName(name), cancellationToken))
        {
            var model = await registry.GetAsync(name, cancellationToken);
            if (model is null || await registry.GetVersionAsync(model, version, cancellationToken) is not { } stored)
                return Outcome<ModelVersion>.NotFound($"Model '{name}' has no version {version}.");
            if (!ifMatch(stored.Etag)) return PreconditionFailed(stored.Etag).As<ModelVersion>();
            var pointers = model.Aliases.Where(a => a.Value == version).Select(a => $"alias '{a.Key}'")
                .Concat(model.Traffic.Where(r => r.Version == version).Select(_ => "the traffic split"))
                .Concat(model.Shadow?.Version == version ? ["the shadow rule"] : [])
                .ToList();
            if (pointers.Count > 0)
                return Outcome<ModelVersion>.Conflict($"Version {version} is still used by {string.Join(", ", pointers)}: point them elsewhere first.");
            if (stored.Status == VersionStatus.Training && await jobIsLive(stored.JobId))
                return Outcome<ModelVersion>.Conflict($"Version {version} is still training: cancel its job ({stored.JobId}) first.");
            found = stored;
            await registry.DeleteVersionAsync(model, version);
        }
        await RaiseChangedAsync(name, CancellationToken.None);
        return Outcome<ModelVersion>.Ok(found);
    }

    private async Task RaiseChangedAsync(string name, CancellationToken cancellationToken, bool deleted = false)
    {
        foreach (var observer in observers) await observer.ModelChangedAsync(name, deleted, cancellationToken);
        await events.PublishChangedAsync(name);
    }

    private static Outcome<Model> NotFound(string name) => Outcome<Model>.NotFound($"There is no model '{name}'.");

    private static Outcome<Model> PreconditionFailed(string etag) =>
        Outcome<Model>.PreconditionFailed($"If-Match does not match the current ETag \"{etag}\": read the resource again.");
}
