using System.Text;
using DsApp.Platform.Storage;

namespace DsApp.Tests.Platform.Storage;

public sealed class FileObjectStoreTests : AtomicObjectStoreConformance, IDisposable
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

    [Fact]
    public async Task Two_stores_on_one_folder_racing_create_only_on_one_key_get_exactly_one_winner()
    {
        // Two replicas on one host: each has its own store object (and in-process gate); only the folder's lock is shared.
        IObjectStore[] replicas = [new FileObjectStore(_root), new FileObjectStore(_root)];
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"replicas/{round}.json";
            var results = await RaceAsync(4, i => replicas[i % 2].PutIfAsync(key, Encoding.UTF8.GetBytes($"writer {i}"), ifMatch: null));

            var winner = Assert.Single(results, r => r.Won);
            Assert.Equal(Encoding.UTF8.GetBytes($"writer {winner.Writer}"), (await replicas[1 - winner.Writer % 2].ReadAsync(key))!.Content);
        }
    }

    [Fact]
    public async Task Two_stores_on_one_folder_racing_compare_and_swap_from_one_read_get_exactly_one_winner()
    {
        IObjectStore[] replicas = [new FileObjectStore(_root), new FileObjectStore(_root)];
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"replicas/cas-{round}.json";
            Assert.True(await replicas[0].PutIfAsync(key, "start"u8.ToArray(), ifMatch: null));
            var etag = (await replicas[1].ReadAsync(key))!.ETag;
            var results = await RaceAsync(4, i => replicas[i % 2].PutIfAsync(key, Encoding.UTF8.GetBytes($"writer {i}"), etag));

            var winner = Assert.Single(results, r => r.Won);
            Assert.Equal(Encoding.UTF8.GetBytes($"writer {winner.Writer}"), (await replicas[0].ReadAsync(key))!.Content);
        }
    }

    private const int Rounds = 40;

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
