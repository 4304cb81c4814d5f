namespace DsApp.Ingest.Parsing;

/// <summary>
/// The client sent a table that cannot be taken in. <see cref="Where"/> names the place
/// (<c>line 17</c>, <c>body</c>, <c>columns</c>) and becomes the key of the problem's <c>errors</c>.
/// </summary>
public sealed class BadInputException(string where, string message) : Exception(message)
{
    public string Where { get; } = where;

    public static BadInputException AtLine(long line, string message) => new($"line {line}", message);
}
