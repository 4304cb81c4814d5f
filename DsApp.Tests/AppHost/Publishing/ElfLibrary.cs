using System.Buffers.Binary;
using System.Text;

namespace DsApp.Tests.AppHost.Publishing;

/// <summary>
/// What a 64-bit little-endian ELF shared library says about itself in its <c>.dynamic</c> section: its soname and the
/// libraries it links (<c>DT_NEEDED</c>), which the dynamic loader must find when the library is loaded. Read here so the
/// tests need no binutils.
/// </summary>
public sealed record ElfLibrary(string? SoName, IReadOnlyList<string> Needed)
{
    private const uint SectionDynamic = 6;
    private const long TagNeeded = 1, TagSoName = 14;

    public static ElfLibrary Read(string path)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || !elf.AsSpan(0, 4).SequenceEqual("\u007fELF"u8) || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file.");
        var sectionsAt = (int)BinaryPrimitives.ReadInt64LittleEndian(elf.AsSpan(0x28));
        var sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3A));
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3C));
        Span<byte> Section(int index) => elf.AsSpan(sectionsAt + index * sectionSize, sectionSize);

        for (var i = 0; i < sectionCount; i++)
        {
            var section = Section(i);
            if (BinaryPrimitives.ReadUInt32LittleEndian(section[4..]) != SectionDynamic) continue;
            var strings = Section((int)BinaryPrimitives.ReadUInt32LittleEndian(section[40..]));
            var stringsAt = (int)BinaryPrimitives.ReadInt64LittleEndian(strings[24..]);
            string Text(long offset)
            {
                var start = stringsAt + (int)offset;
                return Encoding.ASCII.GetString(elf, start, Array.IndexOf(elf, (byte)0, start) - start);
            }

            var entries = elf.AsSpan((int)BinaryPrimitives.ReadInt64LittleEndian(section[24..]), (int)BinaryPrimitives.ReadInt64LittleEndian(section[32..]));
            string? soName = null;
            var needed = new List<string>();
            for (var at = 0; at + 16 <= entries.Length; at += 16)
            {
                var tag = BinaryPrimitives.ReadInt64LittleEndian(entries[at..]);
                var value = BinaryPrimitives.ReadInt64LittleEndian(entries[(at + 8)..]);
                if (tag == TagNeeded) needed.Add(Text(value));
                else if (tag == TagSoName) soName = Text(value);
            }
            return new ElfLibrary(soName, needed);
        }
        throw new InvalidDataException($"{path} has no dynamic section.");
    }
}
