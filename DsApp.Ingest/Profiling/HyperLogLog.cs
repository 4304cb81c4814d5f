using System.Numerics;

namespace DsApp.Ingest.Profiling;

/// <summary>
/// Estimates how many distinct values a column holds in fixed memory (2^14 one-byte registers,
/// standard error ≈ 0.8 %), with linear counting for small sets, where it is close to exact.
/// The registers start sparse (only those set, a few bytes each) and become a dense array once more than
/// <see cref="SparseLimit"/> are set: a table of many columns of few distinct values costs little. Both forms
/// hold the same registers, so the estimate does not depend on which one a column is in.
/// </summary>
public sealed class HyperLogLog
{
    private const int Precision = 14;
    private const int RegisterCount = 1 << Precision;
    /// <summary>Past this many set registers (3 bytes each, 3 KiB) the 16 KiB dense array is cheaper to search.</summary>
    private const int SparseLimit = 1024;

    // Sparse form: the set registers' indexes, sorted, and their ranks.
    private ushort[] _indexes = [];
    private byte[] _ranks = [];
    private int _sparseCount;
    private byte[]? _registers;

    public void Add(ulong hash)
    {
        var index = (int)(hash >> (64 - Precision));
        var rest = (hash << Precision) | (1UL << (Precision - 1)); // the guard bit bounds the rank
        var rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        if (_registers is { } registers)
        {
            if (rank > registers[index]) registers[index] = rank;
            return;
        }
        AddSparse((ushort)index, rank);
    }

    public long Estimate()
    {
        double sum = 0;
        int zeros;
        if (_registers is { } registers)
        {
            zeros = 0;
            foreach (var register in registers)
            {
                sum += Math.ScaleB(1.0, -register);
                if (register == 0) zeros++;
            }
        }
        else
        {
            zeros = RegisterCount - _sparseCount;
            sum = zeros; // 2^-0 for each register never set
            for (var i = 0; i < _sparseCount; i++) sum += Math.ScaleB(1.0, -_ranks[i]);
        }
        const double alpha = 0.7213 / (1 + 1.079 / RegisterCount);
        var raw = alpha * RegisterCount * RegisterCount / sum;
        if (raw <= 2.5 * RegisterCount && zeros > 0)
            return (long)Math.Round(RegisterCount * Math.Log((double)RegisterCount / zeros));
        return (long)Math.Round(raw);
    }

    private void AddSparse(ushort index, byte rank)
    {
        var at = _indexes.AsSpan(0, _sparseCount).BinarySearch(index);
        if (at >= 0)
        {
            if (rank > _ranks[at]) _ranks[at] = rank;
            return;
        }
        if (_sparseCount == SparseLimit)
        {
            ToDense();
            _registers![index] = rank;
            return;
        }
        at = ~at;
        if (_sparseCount == _indexes.Length)
        {
            var size = Math.Min(Math.Max(4, _sparseCount * 2), SparseLimit);
            Array.Resize(ref _indexes, size);
            Array.Resize(ref _ranks, size);
        }
        Array.Copy(_indexes, at, _indexes, at + 1, _sparseCount - at);
        Array.Copy(_ranks, at, _ranks, at + 1, _sparseCount - at);
        _indexes[at] = index;
        _ranks[at] = rank;
        _sparseCount++;
    }

    private void ToDense()
    {
        var registers = new byte[RegisterCount];
        for (var i = 0; i < _sparseCount; i++) registers[_indexes[i]] = _ranks[i];
        _registers = registers;
        _indexes = [];
        _ranks = [];
    }
}
