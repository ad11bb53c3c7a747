using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Cifar;

/// <summary>
/// Reads and validates CIFAR binary files: the exact byte count (a whole number of records, and exactly the expected
/// number of them) is checked before anything is read, then every label. Each problem is a one-line
/// <see cref="DatasetException"/> naming the file and what was expected.
/// </summary>
internal static class CifarBinaryReader
{
    /// <summary>
    /// Reads <paramref name="paths"/> (each of exactly <paramref name="recordsPerFile"/> records) back to back into one
    /// buffer of whole records, in file order.
    /// </summary>
    public static byte[] ReadRecords(IReadOnlyList<string> paths, int recordsPerFile, CifarFormat format)
    {
        var fileBytes = (long)recordsPerFile * format.RecordBytes;
        var records = new byte[fileBytes * paths.Count];
        for (var f = 0; f < paths.Count; f++)
        {
            var slice = records.AsSpan((int)(f * fileBytes), (int)fileBytes);
            ReadExactly(paths[f], slice, recordsPerFile, format);
            CheckLabels(paths[f], slice, format);
        }

        return records;
    }

    private static void ReadExactly(string path, Span<byte> destination, int records, CifarFormat format)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            if (file.Length != destination.Length)
            {
                throw WrongSize(path, file.Length, records, format);
            }

            file.ReadExactly(destination);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{path}: cannot be read ({ex.Message.Split('\n', 2)[0].Trim()})", ex);
        }
    }

    private static DatasetException WrongSize(string path, long actual, int records, CifarFormat format)
    {
        long expected = (long)records * format.RecordBytes;
        var found = actual % format.RecordBytes == 0
            ? $"{actual / format.RecordBytes} records"
            : "not a whole number of records";
        return new DatasetException(
            $"{path}: {(actual < expected ? "truncated" : "too long")}: expected {expected} bytes ({records} records of " +
            $"{format.RecordBytes} bytes: {format.LabelLayout} + {CifarFormat.PixelBytes} pixel bytes), found {actual} ({found}); " +
            $"the file is damaged or not the {format.DisplayName} binary version");
    }

    private static void CheckLabels(string path, ReadOnlySpan<byte> records, CifarFormat format)
    {
        var count = records.Length / format.RecordBytes;
        for (var i = 0; i < count; i++)
        {
            var record = records.Slice(i * format.RecordBytes, format.LabelBytes);
            if (format.CoarseClasses > 0 && record[0] >= format.CoarseClasses)
            {
                throw BadLabel(path, "coarse label", record[0], i, format.CoarseClasses, format);
            }

            var label = record[format.LabelBytes - 1];
            if (label >= format.Classes)
            {
                throw BadLabel(path, format.CoarseClasses > 0 ? "fine label" : "label", label, i, format.Classes, format);
            }
        }
    }

    private static DatasetException BadLabel(string path, string what, byte value, int record, int classes, CifarFormat format) =>
        new($"{path}: {what} {value} of record {record} is outside 0..{classes - 1}; the file is damaged or not the {format.DisplayName} binary version");
}
