using System.Buffers.Binary;
using System.IO.Compression;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>Writes small files in the exact IDX format (big-endian header, unsigned bytes) into a temp folder.</summary>
internal sealed class IdxTestFiles : IDisposable
{
    public IdxTestFiles()
    {
        Root = Directory.CreateTempSubdirectory("freetickets-idx-").FullName;
    }

    public string Root { get; }

    /// <summary>Pixel value of image i at flat position p: deterministic, covers 0 and 255.</summary>
    public static byte Pixel(int i, int p) => (byte)(((i * 31) + (p * 7)) % 256);

    public static byte Label(int i) => (byte)(i % 10);

    public static byte[] Images(int count, int magic = 0x00000803, int side = 28)
    {
        var bytes = new byte[16 + (count * side * side)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), side);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), side);
        for (var i = 0; i < count; i++)
        {
            for (var p = 0; p < side * side; p++)
            {
                bytes[16 + (i * side * side) + p] = Pixel(i, p);
            }
        }

        return bytes;
    }

    public static byte[] Labels(int count, int magic = 0x00000801)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        for (var i = 0; i < count; i++)
        {
            bytes[8 + i] = Label(i);
        }

        return bytes;
    }

    /// <summary>Writes a complete dataset (train and t10k) into Root/<paramref name="name"/>.</summary>
    public string WriteSet(string name, int train, int test, bool gz)
    {
        var folder = Path.Combine(Root, name);
        Write(folder, "train-images-idx3-ubyte", Images(train), gz);
        Write(folder, "train-labels-idx1-ubyte", Labels(train), gz);
        Write(folder, "t10k-images-idx3-ubyte", Images(test), gz);
        Write(folder, "t10k-labels-idx1-ubyte", Labels(test), gz);
        return folder;
    }

    public static string Write(string folder, string baseName, byte[] content, bool gz)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, baseName + (gz ? ".gz" : string.Empty));
        if (gz)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(content);
        }
        else
        {
            File.WriteAllBytes(path, content);
        }

        return path;
    }

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
