namespace DsApp.Tests.Stack;

/// <summary>
/// An app of its own for tests that kill and restart services, so they never disturb the tests sharing the main one;
/// a short job claim timeout lets a job whose worker was killed be taken over within the test.
/// </summary>
public sealed class OutageFixture : DsAppFixture
{
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(5);

    protected override IEnumerable<string> Settings => [$"Jobs:ClaimTimeout={ClaimTimeout}"];
}
