namespace DsApp.ModelWorker.Jobs;

public enum JobKind
{
    Train,
    BatchPredict,
}
