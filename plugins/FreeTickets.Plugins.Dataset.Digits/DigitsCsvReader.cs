using System.Globalization;
using System.IO.Compression;
using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Digits;

/// <summary>
/// Reads scikit-learn's <c>digits.csv.gz</c> (or an uncompressed <c>digits.csv</c>): one sample per line, 65
/// comma-separated integers, the 64 pixels of the 8x8 image row by row (0..16, the count of set pixels in a 4x4 block of
/// the original 32x32 bitmap), then the label 0..9. Every problem is a one-line <see cref="DatasetException"/> naming
/// the file, the line and what was expected.
/// </summary>
internal static class DigitsCsvReader
{
    public const int Pixels = 64;
    public const int MaxPixel = 16;
    public const int Classes = 10;

    /// <summary>Reads exactly <paramref name="count"/> samples: pixels [count * 64] and labels [count].</summary>
    public static (byte[] Pixels, byte[] Labels) Read(string path, int count)
    {
        var pixels = new byte[count * Pixels];
        var labels = new byte[count];
        var samples = 0;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using Stream content = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var reader = new StreamReader(content);
            var lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                if (samples == count)
                {
                    throw new DatasetException($"{path}: more than {count} samples (line {lineNumber}); expected exactly {count}");
                }

                ParseLine(path, lineNumber, line, pixels.AsSpan(samples * Pixels, Pixels), out labels[samples]);
                samples++;
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{path}: cannot be read ({ex.Message.Split('\n', 2)[0].Trim()})", ex);
        }

        if (samples != count)
        {
            throw new DatasetException($"{path}: {samples} samples, expected {count}; the file is truncated or not scikit-learn's digits.csv.gz");
        }

        return (pixels, labels);
    }

    private static void ParseLine(string path, int lineNumber, string line, Span<byte> pixels, out byte label)
    {
        var values = line.Split(',');
        if (values.Length != Pixels + 1)
        {
            throw new DatasetException(
                $"{path}: line {lineNumber} has {values.Length} values, expected {Pixels + 1} (64 pixels 0..{MaxPixel}, then the label 0..{Classes - 1})");
        }

        for (var i = 0; i < Pixels; i++)
        {
            pixels[i] = Parse(path, lineNumber, i + 1, values[i], MaxPixel, "pixel");
        }

        label = Parse(path, lineNumber, Pixels + 1, values[Pixels], Classes - 1, "label");
    }

    private static byte Parse(string path, int lineNumber, int column, string text, int max, string what)
    {
        // scikit-learn writes plain integers; "5.0" is accepted too, any other text is an error.
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value != Math.Floor(value))
        {
            throw new DatasetException($"{path}: line {lineNumber}, value {column}: '{text.Trim()}' is not an integer {what}");
        }

        if (value < 0 || value > max)
        {
            throw new DatasetException($"{path}: line {lineNumber}, value {column}: {what} {value.ToString(CultureInfo.InvariantCulture)} is outside 0..{max}");
        }

        return (byte)value;
    }
}
