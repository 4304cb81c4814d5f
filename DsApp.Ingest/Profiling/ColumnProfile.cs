using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
namespace DsApp.Ingest.Profiling;

/// <summary>
/// Infers one column's type and statistics from its values, one at a time, in constant memory.
/// A value rules out every type it does not fit; the column gets the narrowest type left
/// (integer, then number, boolean, datetime; string fits everything). An empty value is missing.
/// </summary>
public sealed class ColumnProfile(string name)
{
    [Flags]
    private enum Candidates
    {
        None = 0,
        Integer = 1,
        Number = 2,
        Boolean = 4,
        Datetime = 8,
    }

    private Candidates _candidates = Candidates.Integer | Candidates.Number | Candidates.Boolean | Candidates.Datetime;
    private readonly HyperLogLog _distinct = new();
    private long _present;
    private long _missing;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private double _sum;

    public string Name { get; } = name;

    public void Observe(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            _missing++;
            return;
        }
        _present++;
        _distinct.Add(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(value)));
        if (_candidates == Candidates.None) return;

        if ((_candidates & (Candidates.Integer | Candidates.Number)) != 0)
        {
            if ((_candidates & Candidates.Integer) != 0 && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                AddNumber(whole);
            }
            else
            {
                _candidates &= ~Candidates.Integer;
                if (FastNumber.TryParse(value, out var number))
                    AddNumber(number);
                else
                    _candidates &= ~Candidates.Number;
            }
        }
        if ((_candidates & Candidates.Boolean) != 0 && !IsBoolean(value)) _candidates &= ~Candidates.Boolean;
        if ((_candidates & Candidates.Datetime) != 0 && !IsDatetime(value)) _candidates &= ~Candidates.Datetime;
    }

    /// <summary>The column as the contract describes it, from everything observed.</summary>
    public DatasetColumn ToColumn()
    {
        var type = Type;
        var numeric = type is DatasetColumnTypes.Integer or DatasetColumnTypes.Number && _present > 0;
        return new DatasetColumn(
            Name, type, _missing > 0, _missing, _present == 0 ? 0 : _distinct.Estimate(),
            numeric ? _min : null, numeric ? _max : null, numeric ? _sum / _present : null);
    }

    public string Type =>
        _present == 0 ? DatasetColumnTypes.String
        : (_candidates & Candidates.Integer) != 0 ? DatasetColumnTypes.Integer
        : (_candidates & Candidates.Number) != 0 ? DatasetColumnTypes.Number
        : (_candidates & Candidates.Boolean) != 0 ? DatasetColumnTypes.Boolean
        : (_candidates & Candidates.Datetime) != 0 ? DatasetColumnTypes.Datetime
        : DatasetColumnTypes.String;

    private void AddNumber(double value)
    {
        if (value < _min) _min = value;
        if (value > _max) _max = value;
        _sum += value;
    }

    public static bool IsBoolean(ReadOnlySpan<char> value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase);

    public static bool IsDatetime(ReadOnlySpan<char> value) => IsoDatetime.IsValid(value);
}
