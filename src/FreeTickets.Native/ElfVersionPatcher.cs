using System.Buffers.Binary;
using System.Text;

namespace FreeTickets.Native;

/// <summary>
/// Marks symbol-version requirements of a 64-bit little-endian ELF shared library as weak, so that the dynamic
/// loader accepts a system library that lacks those versions. Used by <see cref="TorchNative"/>.
/// </summary>
internal static class ElfVersionPatcher
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>Returns a patched copy; throws <see cref="InvalidDataException"/> on anything but ELF64 LE.</summary>
    public static byte[] MarkVersionsWeak(ReadOnlySpan<byte> elf, IReadOnlySet<string> versions)
    {
        var bytes = elf.ToArray();
        var changed = 0;
        foreach (var (flagsOffset, name) in VersionRequirements(bytes))
        {
            if (versions.Contains(name))
            {
                var flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(flagsOffset));
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(flagsOffset), (ushort)(flags | VerFlagWeak));
                changed++;
            }
        }

        if (changed == 0)
        {
            throw new InvalidDataException($"no version requirement named {string.Join(", ", versions)} in the library");
        }

        return bytes;
    }

    /// <summary>Every Vernaux entry as (offset of its vna_flags field, version name).</summary>
    public static IEnumerable<(int FlagsOffset, string Name)> VersionRequirements(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.Length < 64 || span[0] != 0x7f || span[1] != (byte)'E' || span[2] != (byte)'L' || span[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (span[4] != 2 || span[5] != 1)
        {
            throw new InvalidDataException("only 64-bit little-endian ELF is supported");
        }

        var shoff = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]));
        var shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        var shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        var result = new List<(int, string)>();
        for (var i = 0; i < shnum; i++)
        {
            var sh = span.Slice(shoff + (i * shentsize), shentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != ShtGnuVerneed)
            {
                continue;
            }

            var offset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x18..]));
            var link = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]);
            var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x2C..]);
            var strtab = span.Slice(shoff + (link * shentsize), shentsize);
            var strOffset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(strtab[0x18..]));

            var vn = offset;
            for (var n = 0; n < count; n++)
            {
                var auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[(vn + 2)..]);
                var aux = vn + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(vn + 8)..]);
                for (var a = 0; a < auxCount; a++)
                {
                    var nameOffset = strOffset + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 8)..]);
                    var end = span[nameOffset..].IndexOf((byte)0);
                    result.Add((aux + 4, Encoding.ASCII.GetString(span.Slice(nameOffset, end))));
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 12)..]);
                }

                vn += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(vn + 12)..]);
            }
        }

        return result;
    }
}
