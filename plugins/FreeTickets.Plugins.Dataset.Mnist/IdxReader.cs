using System.Buffers.Binary;
using System.IO.Compression;
using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Mnist;

/// <summary>
/// Reads and validates the IDX files of MNIST-style datasets (LeCun's format: a big-endian magic number whose
/// third byte is the element type and fourth the rank, then one big-endian int32 per dimension, then the data).
/// Every problem is a one-line <see cref="DatasetException"/> naming the file and what was expected.
/// </summary>
internal static class IdxReader
{
    /// <summary>Unsigned bytes, rank 3: images.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Unsigned bytes, rank 1: labels.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>The file <paramref name="baseName"/> in <paramref name="folder"/>, raw or with <c>.gz</c>; null if neither exists.</summary>
    public static string? Find(string folder, string baseName)
    {
        var raw = Path.Combine(folder, baseName);
        if (File.Exists(raw))
        {
            return raw;
        }

        var gz = raw + ".gz";
        return File.Exists(gz) ? gz : null;
    }

    /// <summary>Reads an images file of exactly <paramref name="count"/> images of rows x cols; returns the pixel bytes.</summary>
    public static byte[] ReadImages(string path, int count, int rows, int cols) =>
        ReadPayload(path, ImagesMagic, "IDX images (unsigned bytes, rank 3)", [count, rows, cols]);

    /// <summary>Reads a labels file of exactly <paramref name="count"/> labels, each below <paramref name="classes"/>.</summary>
    public static byte[] ReadLabels(string path, int count, int classes)
    {
        var labels = ReadPayload(path, LabelsMagic, "IDX labels (unsigned bytes, rank 1)", [count]);
        var bad = Array.FindIndex(labels, l => l >= classes);
        if (bad >= 0)
        {
            throw new DatasetException(
                $"{path}: label {labels[bad]} at index {bad} is outside 0..{classes - 1}; the file is corrupt or not this dataset's labels");
        }

        return labels;
    }

    private static byte[] ReadPayload(string path, int magic, string what, int[] dims)
    {
        var header = 4 + (4 * dims.Length);
        var payload = dims.Aggregate(1L, (a, d) => a * d);
        var expected = header + payload;
        var bytes = ReadAllBytes(path, expected);

        if (bytes.Length < 4)
        {
            throw Truncated(path, expected, bytes.Length, dims);
        }

        var actualMagic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (actualMagic != magic)
        {
            throw new DatasetException(
                $"{path}: magic number 0x{actualMagic:X8}, expected 0x{magic:X8} ({what}); the file is corrupt or of another kind");
        }

        if (bytes.Length < header)
        {
            throw Truncated(path, expected, bytes.Length, dims);
        }

        var actualDims = new int[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            actualDims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + (4 * i)));
        }

        if (!actualDims.SequenceEqual(dims))
        {
            throw new DatasetException(
                $"{path}: dimensions {string.Join('x', actualDims)}, expected {string.Join('x', dims)}");
        }

        if (bytes.Length != expected)
        {
            throw Truncated(path, expected, bytes.Length, dims);
        }

        return bytes[header..];
    }

    private static DatasetException Truncated(string path, long expected, long actual, int[] dims) =>
        new($"{path}: {(actual < expected ? "truncated" : "too long")}: expected {expected} bytes " +
            $"({4 + (4 * dims.Length)}-byte header + {string.Join('x', dims)}), found {actual}" +
            (path.EndsWith(".gz", StringComparison.Ordinal) ? " after decompression" : string.Empty));

    /// <summary>
    /// Reads the (decompressed) content, at most <paramref name="expected"/> + 1 bytes: enough to tell a file that
    /// is too long without reading an arbitrarily large one.
    /// </summary>
    private static byte[] ReadAllBytes(string path, long expected)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            if (!path.EndsWith(".gz", StringComparison.Ordinal))
            {
                return ReadUpTo(file, Math.Min(file.Length, expected + 1));
            }

            using var gz = new GZipStream(file, CompressionMode.Decompress);
            return ReadUpTo(gz, expected + 1);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{path}: cannot be read ({ex.Message.Split('\n', 2)[0].Trim()})", ex);
        }
    }

    private static byte[] ReadUpTo(Stream stream, long limit)
    {
        var buffer = new byte[limit];
        var total = 0;
        int n;
        while (total < buffer.Length && (n = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += n;
        }

        return total == buffer.Length ? buffer : buffer[..total];
    }
}
