namespace DsApp.ModelWorker.Registry;

public enum VersionStatus
{
    Training,
    Ready,
    Failed,
}
