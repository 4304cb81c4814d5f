namespace DsApp.Ingest.Parsing;

/// <summary>How wide a table and how long one of its records may be, so one upload's memory stays bounded.</summary>
public sealed record TableLimits(int MaxColumns, int MaxRecordChars)
{
    public BadInputException TooManyColumns(long line, string where, string found) =>
        BadInputException.AtLine(line, $"{where} has {found} columns; a table may have at most {MaxColumns} columns (Ingest:MaxColumns).");

    public BadInputException RecordTooLong(long line, string record, string? cause = null) =>
        BadInputException.AtLine(line, $"{record} is longer than {MaxRecordChars} characters (Ingest:MaxRecordChars){(cause is null ? "" : $": {cause}")}.");
}
