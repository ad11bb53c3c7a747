using System.Formats.Tar;
using System.IO.Compression;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>
/// Writes small files in the exact CIFAR binary formats into a temp folder: records of the label byte(s) (CIFAR-10:
/// label; CIFAR-100: coarse then fine) followed by 3072 pixel bytes, the R, G and B 32x32 planes one after the other.
/// </summary>
internal sealed class CifarTestFiles : IDisposable
{
    public const int PlaneBytes = 1024;
    public const int PixelBytes = 3 * PlaneBytes;

    public CifarTestFiles()
    {
        Root = Directory.CreateTempSubdirectory("freetickets-cifar-").FullName;
    }

    public string Root { get; }

    /// <summary>Pixel of record i, channel c, flat position p in the plane: deterministic, covers 0 and 255.</summary>
    public static byte Pixel(int i, int c, int p) => (byte)(((i * 37) + (c * 101) + (p * 7)) % 256);

    public static byte Label(int i, int classes) => (byte)(((i * 3) + 1) % classes);

    public static byte Coarse(int i) => (byte)((i * 7) % 20);

    /// <summary>Records with global indices first..first+count-1; <paramref name="coarse"/> adds CIFAR-100's coarse byte.</summary>
    public static byte[] Records(int first, int count, int classes, bool coarse)
    {
        var labelBytes = coarse ? 2 : 1;
        var size = labelBytes + PixelBytes;
        var bytes = new byte[count * size];
        for (var k = 0; k < count; k++)
        {
            var i = first + k;
            var record = bytes.AsSpan(k * size, size);
            if (coarse)
            {
                record[0] = Coarse(i);
            }

            record[labelBytes - 1] = Label(i, classes);
            for (var c = 0; c < 3; c++)
            {
                for (var p = 0; p < PlaneBytes; p++)
                {
                    record[labelBytes + (c * PlaneBytes) + p] = Pixel(i, c, p);
                }
            }
        }

        return bytes;
    }

    /// <summary>CIFAR-10 files (5 training batches of <paramref name="perBatch"/>, then the test batch) in Root/<paramref name="folder"/>.</summary>
    public string WriteCifar10(string folder, int perBatch, int test)
    {
        var path = Path.Combine(Root, folder);
        foreach (var (name, bytes) in Cifar10Files(perBatch, test))
        {
            Write(path, name, bytes);
        }

        return path;
    }

    /// <summary>CIFAR-100 train.bin and test.bin in Root/<paramref name="folder"/>.</summary>
    public string WriteCifar100(string folder, int train, int test)
    {
        var path = Path.Combine(Root, folder);
        Write(path, "train.bin", Records(0, train, 100, coarse: true));
        Write(path, "test.bin", Records(1000, test, 100, coarse: true));
        return path;
    }

    /// <summary>The CIFAR-10 files by name; the test batch's records start at global index 1000.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Cifar10Files(int perBatch, int test)
    {
        for (var b = 0; b < 5; b++)
        {
            yield return ($"data_batch_{b + 1}.bin", Records(b * perBatch, perBatch, 10, coarse: false));
        }

        yield return ("test_batch.bin", Records(1000, test, 10, coarse: false));
    }

    public static string Write(string folder, string name, byte[] bytes)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A .tar.gz (ustar) of regular files; <paramref name="links"/> adds symbolic or hard links.</summary>
    public static byte[] TarGz(IEnumerable<(string Name, byte[] Bytes)> files, IEnumerable<(TarEntryType Type, string Name, string Target)>? links = null)
    {
        using var stream = new MemoryStream();
        using (var gz = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gz, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (type, name, target) in links ?? [])
            {
                tar.WriteEntry(new UstarTarEntry(type, name) { LinkName = target });
            }

            foreach (var (name, bytes) in files)
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
            }
        }

        return stream.ToArray();
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
