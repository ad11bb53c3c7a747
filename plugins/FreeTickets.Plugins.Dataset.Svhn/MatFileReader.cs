using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Svhn;

/// <summary>
/// Reads numeric variables from a little-endian MATLAB Level 5 MAT-file (MathWorks, "MAT-File Format"): a 128-byte
/// header (descriptive text, subsystem offset, version 0x0100, endian indicator "IM"), then data elements, each an 8-byte
/// tag (type, byte count) and its payload padded to 8 bytes. A tag whose first word has non-zero upper 16 bits is the
/// small format: type in the low 16 bits, byte count in the high, and up to 4 bytes of data in the tag's second word.
/// Variables are <c>miMATRIX</c> elements (array flags, dimensions, name, real part), usually wrapped in an
/// <c>miCOMPRESSED</c> element (a zlib stream, written without padding). Every problem is one
/// <see cref="DatasetException"/> line naming the file.
/// </summary>
internal static class MatFileReader
{
    public const int MiInt8 = 1;
    public const int MiUInt8 = 2;
    public const int MiInt16 = 3;
    public const int MiUInt16 = 4;
    public const int MiInt32 = 5;
    public const int MiUInt32 = 6;
    public const int MiSingle = 7;
    public const int MiDouble = 9;
    public const int MiInt64 = 12;
    public const int MiUInt64 = 13;
    public const int MiMatrix = 14;
    public const int MiCompressed = 15;
    public const int MiUtf8 = 16;

    public const int MxDoubleClass = 6;
    public const int MxUInt64Class = 15;
    public const int MxUInt8Class = 9;

    public const int HeaderBytes = 128;
    private const int ComplexFlag = 0x0800;

    /// <summary>
    /// Reads the variables named in <paramref name="wanted"/>. The result has a key for every variable in the file, in
    /// file order of first appearance; variables not wanted map to null (their data is skipped, not decoded).
    /// </summary>
    public static IReadOnlyDictionary<string, MatArray?> Read(string path, IReadOnlySet<string> wanted)
    {
        var variables = new Dictionary<string, MatArray?>(StringComparer.Ordinal);
        long element = HeaderBytes;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            ReadHeader(path, file);
            // Fewer than 8 bytes left cannot hold a tag: trailing padding some writers leave.
            while (file.Length - file.Position >= 8)
            {
                element = file.Position;
                var tag = new byte[8];
                file.ReadExactly(tag);
                var type = BinaryPrimitives.ReadInt32LittleEndian(tag);
                var size = BinaryPrimitives.ReadUInt32LittleEndian(tag.AsSpan(4));
                var end = element + 8 + size;
                if (end > file.Length)
                {
                    throw new DatasetException(
                        $"{path}: truncated: the data element at byte {element} declares {size} bytes but only {file.Length - element - 8} follow");
                }

                MatArray? array;
                string? name;
                if (type == MiCompressed)
                {
                    using var bounded = new BoundedReadStream(file, size);
                    using var zlib = new ZLibStream(bounded, CompressionMode.Decompress);
                    var reader = new MatElementReader(zlib, path, element);
                    var (innerType, innerSize) = reader.ReadTag(out var small);
                    if (innerType != MiMatrix || small is not null)
                    {
                        file.Position = end;
                        continue;
                    }

                    // A fresh reader: the matrix's size counts from after its own tag.
                    (name, array) = ReadMatrix(new MatElementReader(zlib, path, element), innerSize, wanted);
                    file.Position = end;
                }
                else if (type == MiMatrix)
                {
                    var reader = new MatElementReader(file, path, element);
                    (name, array) = ReadMatrix(reader, size, wanted);
                    // An uncompressed element is padded to 8 bytes like any other.
                    file.Position = Math.Min(file.Length, end + ((8 - (size % 8)) % 8));
                }
                else
                {
                    file.Position = end;
                    continue;
                }

                variables.TryAdd(name, array);
            }
        }
        catch (EndOfStreamException ex)
        {
            throw new DatasetException($"{path}: truncated: the data element at byte {element} ends early ({FirstLine(ex)}); the file is damaged", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new DatasetException($"{path}: corrupt compressed data in the data element at byte {element} ({FirstLine(ex)}); the file is damaged", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{path}: cannot be read ({FirstLine(ex)})", ex);
        }

        return variables;
    }

    private static void ReadHeader(string path, FileStream file)
    {
        if (file.Length < HeaderBytes)
        {
            throw new DatasetException($"{path}: truncated: {file.Length} bytes, shorter than the {HeaderBytes}-byte MAT-file header; not a MATLAB 5 MAT-file");
        }

        var header = new byte[HeaderBytes];
        file.ReadExactly(header);
        var endian = Encoding.ASCII.GetString(header, 126, 2);
        if (endian == "MI")
        {
            throw new DatasetException($"{path}: a big-endian MAT-file, which is not supported (expected the 'IM' indicator of a little-endian MATLAB 5 MAT-file)");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(124));
        if (endian != "IM" || version != 0x0100)
        {
            var text = Encoding.ASCII.GetString(header, 0, 116).Split('\0', 2)[0].Trim();
            var printable = text.Length > 0 && text.All(c => c is >= ' ' and <= '~') ? $" (header text '{(text.Length > 40 ? text[..40] + "..." : text)}')" : string.Empty;
            var hint = text.StartsWith("MATLAB 7.3", StringComparison.Ordinal) ? "; MAT v7.3 files are HDF5 and are not supported" : string.Empty;
            throw new DatasetException(
                $"{path}: not a MATLAB 5 MAT-file: expected version 0x0100 and endian indicator 'IM' at bytes 124..127, found 0x{version:X4} and '{Printable(endian)}'{printable}{hint}");
        }
    }

    /// <summary>Reads an miMATRIX payload of <paramref name="size"/> bytes; returns its name and, when wanted, its array.</summary>
    private static (string Name, MatArray? Array) ReadMatrix(MatElementReader reader, long size, IReadOnlySet<string> wanted)
    {
        var flags = reader.ReadElement(size);
        if (flags.Type != MiUInt32 || flags.Data.Length != 8)
        {
            throw reader.Corrupt($"array flags should be 8 bytes of miUINT32, found {flags.Data.Length} bytes of type {flags.Type}");
        }

        var word = BinaryPrimitives.ReadInt32LittleEndian(flags.Data);
        var classId = word & 0xFF;
        var dims = reader.ReadElement(size);
        if (dims.Type != MiInt32 || dims.Data.Length < 8 || dims.Data.Length % 4 != 0)
        {
            throw reader.Corrupt($"dimensions should be at least 2 miINT32 values, found {dims.Data.Length} bytes of type {dims.Type}");
        }

        var dimensions = Enumerable.Range(0, dims.Data.Length / 4).Select(i => BinaryPrimitives.ReadInt32LittleEndian(dims.Data.AsSpan(i * 4))).ToArray();
        var nameElement = reader.ReadElement(size);
        if (nameElement.Type is not (MiInt8 or MiUtf8 or MiUInt8))
        {
            throw reader.Corrupt($"array name should be miINT8 text, found type {nameElement.Type}");
        }

        var name = Encoding.ASCII.GetString(nameElement.Data);
        if (!wanted.Contains(name))
        {
            return (name, null);
        }

        if (classId is < MxDoubleClass or > MxUInt64Class)
        {
            throw new DatasetException($"{reader.Path}: variable '{name}' is a MATLAB {ClassName(classId)}, expected a numeric array");
        }

        if ((word & ComplexFlag) != 0)
        {
            throw new DatasetException($"{reader.Path}: variable '{name}' is complex, expected real numbers");
        }

        if (dimensions.Any(d => d < 0))
        {
            throw reader.Corrupt($"variable '{name}' has negative dimensions {string.Join('x', dimensions)}");
        }

        var real = reader.ReadElement(size);
        var elementBytes = MatArray.ElementBytes(real.Type);
        var array = new MatArray(name, classId, dimensions, real.Type, real.Data);
        if (elementBytes == 0)
        {
            throw reader.Corrupt($"variable '{name}' stores its data as type {real.Type}, which is not numeric");
        }

        if (real.Data.Length != array.ElementCount * elementBytes)
        {
            throw new DatasetException(
                $"{reader.Path}: variable '{name}' ({array.Shape}) holds {real.Data.Length} bytes of data, expected {array.ElementCount * elementBytes}; the file is damaged");
        }

        return (name, array);
    }

    private static string ClassName(int classId) => classId switch
    {
        1 => "cell array",
        2 => "struct",
        3 => "object",
        4 => "char array",
        5 => "sparse array",
        _ => $"array of class {classId}",
    };

    private static string Printable(string text) => new([.. text.Select(c => c is >= ' ' and <= '~' ? c : '?')]);

    private static string FirstLine(Exception ex) => ex.Message.Split('\n', 2)[0].Trim();
}
