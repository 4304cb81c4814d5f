using System.Text;
using DsApp.Ingest.Parsing;

namespace DsApp.Tests.Unit.Ingest.Parsing;

public sealed class CheckedBodyStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Multi_byte_characters_cut_by_any_read_size_pass(int readSize)
    {
        var text = "name\nréunion ☕ 😀\nend €\n";
        await using var body = new CheckedBodyStream(new TrickleStream(Encoding.UTF8.GetBytes(text), readSize), long.MaxValue, hash: true);
        using var reader = new StreamReader(body);
        Assert.Equal(text, await reader.ReadToEndAsync());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text))), body.BodyHash());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task An_invalid_byte_is_reported_on_its_line_whatever_the_read_size(int readSize)
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("a\nb😀\nc"), 0xE2, 0x28, 0xA1, .. Encoding.UTF8.GetBytes("\nd\n")];
        await using var body = new CheckedBodyStream(new TrickleStream(bytes, readSize), long.MaxValue);
        var error = await Assert.ThrowsAsync<BadInputException>(() => body.CopyToAsync(Stream.Null));
        Assert.Equal("line 3", error.Where);
    }

    [Fact]
    public async Task A_sequence_cut_short_by_the_end_of_the_body_is_invalid()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("a\n"), 0xF0, 0x9F];
        await using var body = new CheckedBodyStream(new MemoryStream(bytes), long.MaxValue);
        var error = await Assert.ThrowsAsync<BadInputException>(() => body.CopyToAsync(Stream.Null));
        Assert.Equal("line 2", error.Where);
    }

    [Fact]
    public async Task Reading_past_the_limit_throws()
    {
        await using var body = new CheckedBodyStream(new MemoryStream(new byte[1001]), 1000);
        await Assert.ThrowsAsync<UploadTooLargeException>(() => body.CopyToAsync(Stream.Null));
    }

    /// <summary>Hands out at most <c>readSize</c> bytes a read, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] bytes, int readSize) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));
    }
}
