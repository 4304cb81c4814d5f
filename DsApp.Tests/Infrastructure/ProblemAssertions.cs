using System.Text.Json;

namespace DsApp.Tests.Infrastructure;

/// <summary>What every service's problem answer must hold, checked one way for all of them.</summary>
public static class ProblemAssertions
{
    /// <summary>Asserts a problem+json answer with this status whose <c>errors</c> (or detail) names <paramref name="where"/> with a message containing <paramref name="says"/>.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? where = null, string? says = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()!));
        if (where is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors), text);
            Assert.True(errors.TryGetProperty(where, out var messages), $"no error for '{where}' in {text}");
            if (says is not null)
                Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(says, StringComparison.OrdinalIgnoreCase));
        }
        else if (says is not null)
        {
            Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }
        return problem;
    }
}
