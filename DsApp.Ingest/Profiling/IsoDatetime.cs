namespace DsApp.Ingest.Profiling;

/// <summary>
/// Recognizes ISO 8601 dates and date-times (<c>2024-01-31</c>, <c>2024-01-31T10:00</c>,
/// <c>2024-01-31 10:00:00.5+02:00</c>, <c>…Z</c>) by their shape and ranges, without allocating:
/// a column of them is checked once per value, so this must cost nanoseconds, not a parse.
/// </summary>
public static class IsoDatetime
{
    public static bool IsValid(ReadOnlySpan<char> s)
    {
        if (s.Length < 10 || s[4] != '-' || s[7] != '-') return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        if (s.Length == 10) return true;

        if (s[10] is not ('T' or ' ') || s.Length < 16 || s[13] != ':') return false;
        if (!Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || hour > 23 || minute > 59) return false;
        var at = 16;
        if (at < s.Length && s[at] == ':')
        {
            if (!Digits(s, at + 1, 2, out var second) || second > 59) return false;
            at += 3;
            if (at < s.Length && s[at] == '.')
            {
                var start = ++at;
                while (at < s.Length && char.IsAsciiDigit(s[at])) at++;
                if (at == start || at - start > 7) return false;
            }
        }
        if (at == s.Length) return true;
        if (s[at] == 'Z' || s[at] == 'z') return at + 1 == s.Length;
        if (s[at] is not ('+' or '-')) return false;
        // ±HH:mm or ±HHmm
        var zone = s[(at + 1)..];
        return zone.Length switch
        {
            5 => zone[2] == ':' && Digits(zone, 0, 2, out var zh) && Digits(zone, 3, 2, out var zm) && zh <= 14 && zm <= 59,
            4 => Digits(zone, 0, 2, out var h) && Digits(zone, 2, 2, out var m) && h <= 14 && m <= 59,
            _ => false,
        };
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length) return false;
        for (var i = start; i < start + count; i++)
        {
            var c = s[i];
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
