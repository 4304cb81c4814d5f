namespace DsApp.ModelWorker.Registry;

/// <summary>
/// What in this replica reacts to a model's change (the serving catalog), told by <see cref="ModelCommands"/> before it
/// answers, as the other replicas are told by <see cref="ModelEvents"/>. Registry knows only this interface.
/// </summary>
public interface IModelChangeObserver
{
    /// <param name="deleted">The model itself was deleted: whatever was kept for it (cached answers) goes too.</param>
    Task ModelChangedAsync(string name, bool deleted, CancellationToken cancellationToken);
}
