using System.Globalization;

namespace DsApp.Ingest.Profiling;

/// <summary>
/// Reads the decimal numbers of typical tables (<c>-12.375</c>) without the general parser: up to 15
/// significant digits and no exponent give a mantissa and a power of ten that are both exact
/// doubles, so one division is correctly rounded (Clinger's fast path). Anything else goes to
/// <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?, out double)"/>.
/// </summary>
public static class FastNumber
{
    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    public static bool TryParse(ReadOnlySpan<char> s, out double value)
    {
        var at = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            at = 1;
        }
        long mantissa = 0;
        var digits = 0;
        var fraction = -1;
        var any = false;
        for (; at < s.Length; at++)
        {
            var c = s[at];
            if (char.IsAsciiDigit(c))
            {
                any = true;
                if (mantissa != 0 || c != '0') digits++;
                mantissa = mantissa * 10 + (c - '0');
                if (fraction >= 0) fraction++;
                if (digits > 15) return Slow(s, out value);
            }
            else if (c == '.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return Slow(s, out value);
            }
        }
        if (!any) return Slow(s, out value);
        var scale = Math.Max(fraction, 0);
        value = scale == 0 ? mantissa : mantissa / PowersOfTen[scale];
        if (scale > 22) return Slow(s, out value);
        if (negative) value = -value;
        return true;
    }

    private static bool Slow(ReadOnlySpan<char> s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
