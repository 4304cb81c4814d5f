namespace DsApp.Platform.Storage;

public static class StorageProviders
{
    public const string File = "File";
    public const string S3 = "S3";
}
