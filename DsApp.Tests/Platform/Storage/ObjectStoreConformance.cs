using System.Security.Cryptography;
using System.Text;
using DsApp.Platform.Storage;

namespace DsApp.Tests.Platform.Storage;

/// <summary>What every <see cref="IObjectStore"/> must do; run against each implementation.</summary>
public abstract class ObjectStoreConformance
{
    protected abstract IObjectStore Store { get; }

    /// <summary>
    /// True where a read racing a replacement may fail with this exception instead of returning
    /// an object (s3rver rewrites objects in place; the SDK's checksum then refuses the torn read).
    /// It must still never return a torn object.
    /// </summary>
    protected virtual Func<Exception, bool> IsDetectedTornRead => _ => false;

    private static MemoryStream Text(string value) => new(Encoding.UTF8.GetBytes(value));

    private async Task<string?> ReadTextAsync(string key)
    {
        await using var stream = await Store.GetAsync(key);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task An_object_reads_back_as_written()
    {
        await Store.PutAsync("a/b/one.txt", Text("hello, store"), "text/plain");
        Assert.Equal("hello, store", await ReadTextAsync("a/b/one.txt"));
    }

    [Fact]
    public async Task A_missing_object_reads_as_null()
    {
        Assert.Null(await Store.GetAsync("missing/none.txt"));
        Assert.Null(await Store.HeadAsync("missing/none.txt"));
    }

    [Fact]
    public async Task Head_tells_the_size()
    {
        await Store.PutAsync("head/x.bin", new MemoryStream(new byte[1234]));
        var info = await Store.HeadAsync("head/x.bin");
        Assert.NotNull(info);
        Assert.Equal(1234, info.Size);
        Assert.Equal("head/x.bin", info.Key);
    }

    [Fact]
    public async Task An_empty_object_is_an_object()
    {
        await Store.PutAsync("empty/zero", new MemoryStream());
        Assert.Equal(0, (await Store.HeadAsync("empty/zero"))?.Size);
        Assert.Equal("", await ReadTextAsync("empty/zero"));
    }

    [Fact]
    public async Task A_put_replaces_the_object()
    {
        await Store.PutAsync("replace/x", Text("first version, longer"));
        await Store.PutAsync("replace/x", Text("second"));
        Assert.Equal("second", await ReadTextAsync("replace/x"));
    }

    [Fact]
    public async Task List_gives_the_keys_under_a_prefix_in_order_and_resumes_after_a_key()
    {
        foreach (var key in new[] { "list/b/2", "list/a/1", "list/c", "listing/other", "list/a/0" })
            await Store.PutAsync(key, Text(key));

        var all = await ListKeysAsync("list/");
        Assert.Equal(["list/a/0", "list/a/1", "list/b/2", "list/c"], all);
        Assert.Equal(["list/b/2", "list/c"], await ListKeysAsync("list/", "list/a/1"));
        Assert.Equal(["list/a/0", "list/a/1"], await ListKeysAsync("list/a/"));
        Assert.Empty(await ListKeysAsync("nothing-here/"));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_says_whether_there_was_one()
    {
        await Store.PutAsync("delete/x", Text("x"));
        Assert.True(await Store.DeleteAsync("delete/x"));
        Assert.Null(await Store.GetAsync("delete/x"));
        Assert.False(await Store.DeleteAsync("delete/x"));
        Assert.Empty(await ListKeysAsync("delete/"));
    }

    [Fact]
    public async Task Delete_prefix_removes_everything_below_it_and_nothing_else()
    {
        await Store.PutAsync("tree/a/1", Text("1"));
        await Store.PutAsync("tree/a/b/2", Text("2"));
        await Store.PutAsync("tree/keep", Text("3"));
        Assert.Equal(2, await Store.DeletePrefixAsync("tree/a/"));
        Assert.Equal(["tree/keep"], await ListKeysAsync("tree/"));
    }

    [Fact]
    public async Task A_large_object_streams_in_parts_and_reads_back_byte_for_byte()
    {
        var data = new byte[S3ObjectStore.PartSize * 2 + 12345];
        new Random(7).NextBytes(data);
        await Store.PutAsync("large/blob", new NonSeekableStream(data));

        Assert.Equal(data.Length, (await Store.HeadAsync("large/blob"))?.Size);
        await using var stream = await Store.GetAsync("large/blob");
        Assert.Equal(SHA256.HashData(data), await SHA256.HashDataAsync(stream!));
    }

    [Fact]
    public async Task A_write_that_fails_midway_leaves_the_previous_object_whole()
    {
        await Store.PutAsync("atomic/x", Text("the old object"));
        var failing = new NonSeekableStream(new byte[S3ObjectStore.PartSize + 10], failAfter: S3ObjectStore.PartSize + 1);
        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync("atomic/x", failing));
        Assert.Equal("the old object", await ReadTextAsync("atomic/x"));
        Assert.Equal(["atomic/x"], await ListKeysAsync("atomic/"));
    }

    [Fact]
    public async Task Readers_during_a_replacement_see_the_old_object_or_the_new_one_never_half()
    {
        var oldData = Enumerable.Repeat((byte)'o', 3 * 1024 * 1024).ToArray();
        var newData = Enumerable.Repeat((byte)'n', 3 * 1024 * 1024).ToArray();
        await Store.PutAsync("atomic/y", new MemoryStream(oldData));

        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 4; i++)
                await Store.PutAsync("atomic/y", new MemoryStream(i % 2 == 0 ? newData : oldData));
        });
        var wholeReads = 0;
        bool writing;
        do
        {
            writing = !writer.IsCompleted;
            byte[] read;
            try
            {
                await using var stream = await Store.GetAsync("atomic/y");
                using var copy = new MemoryStream();
                await stream!.CopyToAsync(copy);
                read = copy.ToArray();
            }
            catch (Exception e) when (IsDetectedTornRead(e))
            {
                continue;
            }
            Assert.True(read.AsSpan().SequenceEqual(oldData) || read.AsSpan().SequenceEqual(newData), $"read {read.Length} bytes that are neither object");
            wholeReads++;
        } while (writing);
        await writer;
        Assert.True(wholeReads > 0, "no read completed");
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("")]
    public async Task A_key_that_could_escape_the_store_is_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, Text("x")));
    }

    private static byte[] Bytes(string value) => Encoding.UTF8.GetBytes(value);

    [Fact]
    public async Task Read_gives_the_whole_object_with_an_etag_and_null_when_there_is_none()
    {
        Assert.Null(await Store.ReadAsync("read/missing.json"));
        await Store.PutAsync("read/x.json", Text("{\"a\":1}"));
        var read = await Store.ReadAsync("read/x.json");
        Assert.NotNull(read);
        Assert.Equal(Bytes("{\"a\":1}"), read.Content);
        Assert.False(string.IsNullOrEmpty(read.ETag));
        Assert.Equal(read.ETag, (await Store.ReadAsync("read/x.json"))!.ETag);
    }

    [Fact]
    public async Task The_etag_changes_when_the_content_changes()
    {
        Assert.True(await Store.PutIfAsync("etag/x.json", Bytes("one"), ifMatch: null));
        var first = (await Store.ReadAsync("etag/x.json"))!.ETag;
        Assert.True(await Store.PutIfAsync("etag/x.json", Bytes("two"), first));
        var second = (await Store.ReadAsync("etag/x.json"))!.ETag;
        Assert.NotEqual(first, second);
        // A plain put changes it too: a conditional writer that read before it must lose.
        await Store.PutAsync("etag/x.json", Text("three"));
        Assert.NotEqual(second, (await Store.ReadAsync("etag/x.json"))!.ETag);
        Assert.False(await Store.PutIfAsync("etag/x.json", Bytes("four"), second));
    }

    [Fact]
    public async Task A_create_only_write_refuses_a_key_that_exists_and_leaves_it_as_it_was()
    {
        Assert.True(await Store.PutIfAsync("create/x.json", Bytes("first"), ifMatch: null));
        Assert.False(await Store.PutIfAsync("create/x.json", Bytes("second"), ifMatch: null));
        Assert.Equal("first", await ReadTextAsync("create/x.json"));

        await Store.PutAsync("create/plain.json", Text("put"));
        Assert.False(await Store.PutIfAsync("create/plain.json", Bytes("second"), ifMatch: null));
        Assert.Equal("put", await ReadTextAsync("create/plain.json"));
    }

    [Fact]
    public async Task A_compare_and_swap_refuses_a_stale_etag_and_a_missing_object()
    {
        Assert.True(await Store.PutIfAsync("cas/x.json", Bytes("v1"), ifMatch: null));
        var v1 = (await Store.ReadAsync("cas/x.json"))!.ETag;
        Assert.True(await Store.PutIfAsync("cas/x.json", Bytes("v2"), v1));
        Assert.False(await Store.PutIfAsync("cas/x.json", Bytes("v3 from a stale read"), v1));
        Assert.Equal("v2", await ReadTextAsync("cas/x.json"));

        Assert.False(await Store.PutIfAsync("cas/missing.json", Bytes("x"), v1));
        Assert.Null(await Store.ReadAsync("cas/missing.json"));
        await Store.DeleteAsync("cas/x.json");
        Assert.False(await Store.PutIfAsync("cas/x.json", Bytes("over a deleted object"), v1));
        Assert.Null(await Store.ReadAsync("cas/x.json"));
    }

    private async Task<List<string>> ListKeysAsync(string prefix, string? startAfter = null)
    {
        var keys = new List<string>();
        await foreach (var item in Store.ListAsync(prefix, startAfter)) keys.Add(item.Key);
        return keys;
    }
}

/// <summary>
/// What a store that decides conditional writes by itself (<see cref="IObjectStore.AtomicConditionalWrites"/>) must also
/// do: of writers racing with no lock between them, exactly one wins. A store without it (s3rver) leaves this to the
/// cross-replica lock, so it runs only the cases above.
/// </summary>
public abstract class AtomicObjectStoreConformance : ObjectStoreConformance
{
    private const int Writers = 4;
    private const int Rounds = 40;

    [Fact]
    public void The_store_says_it_decides_conditional_writes_itself() => Assert.True(Store.AtomicConditionalWrites);

    [Fact]
    public async Task Of_concurrent_create_only_writers_of_one_key_exactly_one_wins_and_its_content_stays()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"race/create-{round}.json";
            var results = await RaceAsync(Writers, i => Store.PutIfAsync(key, Encoding.UTF8.GetBytes($"writer {i}"), ifMatch: null));

            var winner = Assert.Single(results, r => r.Won);
            Assert.Equal(Encoding.UTF8.GetBytes($"writer {winner.Writer}"), (await Store.ReadAsync(key))!.Content);
        }
    }

    [Fact]
    public async Task Of_concurrent_compare_and_swap_writers_from_one_read_exactly_one_wins_and_its_content_stays()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"race/cas-{round}.json";
            Assert.True(await Store.PutIfAsync(key, "start"u8.ToArray(), ifMatch: null));
            var read = (await Store.ReadAsync(key))!;
            var results = await RaceAsync(Writers, i => Store.PutIfAsync(key, Encoding.UTF8.GetBytes($"writer {i}"), read.ETag));

            var winner = Assert.Single(results, r => r.Won);
            Assert.Equal(Encoding.UTF8.GetBytes($"writer {winner.Writer}"), (await Store.ReadAsync(key))!.Content);
        }
    }

    /// <summary>One thread per writer, all let go at once by a barrier, so their checks and writes overlap as separate processes' would.</summary>
    protected static async Task<(int Writer, bool Won)[]> RaceAsync(int writers, Func<int, Task<bool>> write)
    {
        using var barrier = new Barrier(writers);
        return await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Factory.StartNew(() =>
        {
            barrier.SignalAndWait();
            return (i, write(i).GetAwaiter().GetResult());
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList());
    }
}
