using DsApp.ServiceDefaults.Storage;

namespace DsApp.Tests.Storage;

public sealed class FileObjectStoreTests : ObjectStoreConformance, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dsapp-store-").FullName;

    public FileObjectStoreTests() => Store = new FileObjectStore(_root);

    protected override IObjectStore Store { get; }

    [Fact]
    public async Task Deleting_the_last_object_of_a_folder_removes_the_folder()
    {
        await Store.PutAsync("gone/deep/x", new MemoryStream([1]));
        await Store.DeleteAsync("gone/deep/x");
        Assert.False(Directory.Exists(Path.Combine(_root, "gone")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
