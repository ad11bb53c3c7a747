using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>
/// Writes small MATLAB Level 5 MAT-files in the exact layout of SVHN's <c>train_32x32.mat</c> / <c>test_32x32.mat</c>:
/// the 128-byte header, then one miMATRIX element per variable (array flags, dimensions, name, real part, each padded
/// to 8 bytes; a name of up to 4 characters in the small-element format), optionally wrapped in miCOMPRESSED (a zlib
/// stream, unpadded). <c>X</c> is uint8 [32, 32, 3, N] in column-major order, <c>y</c> double [N, 1] labels 1..10.
/// </summary>
internal sealed class SvhnTestFiles : IDisposable
{
    public const int MiInt8 = 1;
    public const int MiUInt8 = 2;
    public const int MiInt32 = 5;
    public const int MiUInt32 = 6;
    public const int MiDouble = 9;
    public const int MiMatrix = 14;
    public const int MiCompressed = 15;
    public const int MxCharClass = 4;
    public const int MxDoubleClass = 6;
    public const int MxUInt8Class = 9;
    public const int Side = 32;

    public SvhnTestFiles()
    {
        Root = Directory.CreateTempSubdirectory("freetickets-svhn-").FullName;
    }

    public string Root { get; }

    public string Folder => Path.Combine(Root, "svhn");

    /// <summary>Pixel X(h, w, c, n) of the generated images: deterministic, covers 0 and 255.</summary>
    public static byte Pixel(int h, int w, int c, int n) => (byte)(((h * 7) + (w * 13) + (c * 101) + (n * 37)) % 256);

    /// <summary>SVHN label (1..10, 10 = digit 0) of image n: 1, 4, 7, 10, 3, ...</summary>
    public static int Label(int n) => ((n * 3) % 10) + 1;

    /// <summary>Column-major offset of X(h, w, c, n), as MATLAB stores it.</summary>
    public static int Offset(int h, int w, int c, int n) => h + (Side * (w + (Side * (c + (3 * n)))));

    /// <summary>The pixel bytes of <paramref name="count"/> generated images, column-major.</summary>
    public static byte[] Pixels(int count)
    {
        var pixels = new byte[count * 3 * Side * Side];
        for (var n = 0; n < count; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var w = 0; w < Side; w++)
                {
                    for (var h = 0; h < Side; h++)
                    {
                        pixels[Offset(h, w, c, n)] = Pixel(h, w, c, n);
                    }
                }
            }
        }

        return pixels;
    }

    /// <summary>X as a uint8 [32, 32, 3, count] matrix element.</summary>
    public static byte[] X(byte[] pixels, int count) => Matrix("X", MxUInt8Class, [Side, Side, 3, count], MiUInt8, pixels);

    /// <summary>y as a double [count, 1] matrix stored, as MATLAB does for small whole numbers, as miUINT8 (or as miDOUBLE).</summary>
    public static byte[] Y(IReadOnlyList<int> labels, int storage = MiUInt8, bool row = false)
    {
        var data = storage == MiDouble
            ? labels.SelectMany(l => BitConverter.GetBytes((double)l)).ToArray()
            : labels.Select(l => (byte)l).ToArray();
        int[] dims = row ? [1, labels.Count] : [labels.Count, 1];
        return Matrix("y", MxDoubleClass, dims, storage, data);
    }

    /// <summary>A whole SVHN-like file of <paramref name="count"/> generated images.</summary>
    public static byte[] SvhnFile(int count, bool compressed = true) =>
        MatFile(compressed, X(Pixels(count), count), Y(Enumerable.Range(0, count).Select(Label).ToList()));

    /// <summary>Header then the elements, each wrapped in miCOMPRESSED when <paramref name="compressed"/>.</summary>
    public static byte[] MatFile(bool compressed, params byte[][] elements)
    {
        using var stream = new MemoryStream();
        stream.Write(Header());
        foreach (var element in elements)
        {
            stream.Write(compressed ? Compressed(element) : element);
        }

        return stream.ToArray();
    }

    /// <summary>The 128-byte header: text padded with spaces, subsystem offset 0, version, endian indicator.</summary>
    public static byte[] Header(ushort version = 0x0100, string endian = "IM", string text = "MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024")
    {
        var header = new byte[128];
        header.AsSpan(0, 116).Fill((byte)' ');
        Encoding.ASCII.GetBytes(text).CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(124), version);
        Encoding.ASCII.GetBytes(endian).CopyTo(header, 126);
        return header;
    }

    /// <summary>An miMATRIX element: flags, dimensions, name (small format when it fits in 4 bytes), real part.</summary>
    public static byte[] Matrix(string name, int classId, int[] dims, int storage, byte[] data)
    {
        var flags = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(flags, classId);
        var dimBytes = new byte[dims.Length * 4];
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(dimBytes.AsSpan(i * 4), dims[i]);
        }

        var nameBytes = Encoding.ASCII.GetBytes(name);
        byte[] body =
        [
            .. Element(MiUInt32, flags),
            .. Element(MiInt32, dimBytes),
            .. nameBytes.Length <= 4 ? SmallElement(MiInt8, nameBytes) : Element(MiInt8, nameBytes),
            .. Element(storage, data),
        ];
        return [.. Tag(MiMatrix, body.Length), .. body];
    }

    /// <summary>A normal element: 8-byte tag, data, zero padding to a multiple of 8.</summary>
    public static byte[] Element(int type, byte[] data) => [.. Tag(type, data.Length), .. data, .. new byte[(8 - (data.Length % 8)) % 8]];

    /// <summary>A small element: byte count in the upper 16 bits of the first word, type in the lower, data in the second word.</summary>
    public static byte[] SmallElement(int type, byte[] data)
    {
        var element = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(element, ((uint)data.Length << 16) | (uint)type);
        data.CopyTo(element, 4);
        return element;
    }

    /// <summary>An miCOMPRESSED element holding <paramref name="element"/> as a zlib stream (no padding, as MATLAB writes it).</summary>
    public static byte[] Compressed(byte[] element)
    {
        using var packed = new MemoryStream();
        using (var zlib = new ZLibStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(element);
        }

        return [.. Tag(MiCompressed, (int)packed.Length), .. packed.ToArray()];
    }

    public static byte[] Tag(int type, int size)
    {
        var tag = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(tag, type);
        BinaryPrimitives.WriteInt32LittleEndian(tag.AsSpan(4), size);
        return tag;
    }

    /// <summary>Writes <paramref name="bytes"/> as Root/svhn/<paramref name="name"/>.</summary>
    public string Write(string name, byte[] bytes)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Every file under Root, relative, sorted.</summary>
    public IReadOnlyList<string> AllFiles() =>
        Directory.GetFiles(Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
