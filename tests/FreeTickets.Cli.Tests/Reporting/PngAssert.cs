using SkiaSharp;

namespace FreeTickets.Cli.Tests.Reporting;

/// <summary>Checks that a file is a real chart: a PNG of the announced size that is not one flat colour.</summary>
internal static class PngAssert
{
    private static readonly byte[] _signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static void IsChart(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path}: only {bytes.Length} bytes");
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(_signature), $"{path}: no PNG signature");
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));

        // Text, axes, bars and background: a chart has many colours and some dark (text) pixels.
        var colours = new HashSet<uint>();
        var dark = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                colours.Add((uint)c);
                if (c.Red + c.Green + c.Blue < 150)
                {
                    dark++;
                }
            }
        }

        Assert.True(colours.Count >= 16, $"{path}: only {colours.Count} distinct colours");
        Assert.True(dark > 200, $"{path}: only {dark} dark pixels (no text?)");
    }
}
