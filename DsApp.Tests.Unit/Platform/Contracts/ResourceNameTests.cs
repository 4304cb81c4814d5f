using DsApp.Platform.Contracts;
using DsApp.Platform.Storage;

namespace DsApp.Tests.Unit.Platform.Contracts;

/// <summary>The naming rule and the object-key check match the whole string: .NET's <c>$</c> also matches before a final newline.</summary>
public sealed class ResourceNameTests
{
    [Theory]
    [InlineData("abc\n")]
    [InlineData("abc\r\n")]
    [InlineData("\nabc")]
    [InlineData("ab\nc")]
    public void A_name_with_a_newline_anywhere_is_not_valid(string name)
    {
        Assert.False(ResourceName.IsValid(name));
    }

    [Fact]
    public void A_name_of_the_rule_is_still_valid()
    {
        Assert.True(ResourceName.IsValid("iris-2"));
    }

    [Fact]
    public void An_object_key_ending_in_a_newline_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ObjectKey.Validate("datasets/abc\n"));
        Assert.Equal("datasets/abc", ObjectKey.Validate("datasets/abc"));
    }
}
