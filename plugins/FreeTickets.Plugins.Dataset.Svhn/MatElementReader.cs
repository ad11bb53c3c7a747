using System.Buffers.Binary;
using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Svhn;

/// <summary>
/// Reads the data elements inside one miMATRIX from a forward-only stream (a file, or a zlib stream that cannot seek),
/// counting bytes so that padding is skipped and no element runs past the matrix.
/// </summary>
internal sealed class MatElementReader(Stream stream, string path, long elementOffset)
{
    private long _consumed;

    public string Path { get; } = path;

    /// <summary>Reads an 8-byte tag; <paramref name="small"/> is the inline data of a small-format tag, else null.</summary>
    public (int Type, long Size) ReadTag(out byte[]? small)
    {
        Span<byte> tag = stackalloc byte[8];
        stream.ReadExactly(tag);
        _consumed += 8;
        var first = BinaryPrimitives.ReadUInt32LittleEndian(tag);
        if ((first >> 16) != 0)
        {
            var count = (int)(first >> 16);
            if (count > 4)
            {
                throw Corrupt($"a small data element declares {count} bytes (at most 4 fit)");
            }

            small = tag.Slice(4, count).ToArray();
            return ((int)(first & 0xFFFF), count);
        }

        small = null;
        return ((int)first, BinaryPrimitives.ReadUInt32LittleEndian(tag[4..]));
    }

    /// <summary>Reads one whole element (small or normal, with its padding) of a matrix of <paramref name="matrixSize"/> bytes.</summary>
    public (int Type, byte[] Data) ReadElement(long matrixSize)
    {
        var (type, size) = ReadTag(out var small);
        if (small is not null)
        {
            return (type, small);
        }

        if (_consumed + size > matrixSize)
        {
            throw Corrupt($"an element of {size} bytes runs past the end of its {matrixSize}-byte matrix");
        }

        if (size > Array.MaxLength)
        {
            throw Corrupt($"an element of {size} bytes is too large");
        }

        var data = new byte[size];
        stream.ReadExactly(data);
        // Padding to 8 bytes, as far as the matrix's declared size includes it.
        var padding = (int)Math.Min((8 - (size % 8)) % 8, matrixSize - _consumed - size);
        Span<byte> skip = stackalloc byte[8];
        stream.ReadExactly(skip[..padding]);
        _consumed += size + padding;
        return (type, data);
    }

    public DatasetException Corrupt(string what) =>
        new($"{Path}: corrupt MAT-file: in the data element at byte {elementOffset}, {what}");
}
