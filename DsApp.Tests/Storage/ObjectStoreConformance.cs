using System.Security.Cryptography;
using System.Text;
using DsApp.ServiceDefaults.Storage;

namespace DsApp.Tests.Storage;

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

    private async Task<List<string>> ListKeysAsync(string prefix, string? startAfter = null)
    {
        var keys = new List<string>();
        await foreach (var item in Store.ListAsync(prefix, startAfter)) keys.Add(item.Key);
        return keys;
    }
}
