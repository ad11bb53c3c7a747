using ScottPlot;
using SkiaSharp;

namespace FreeTickets.Cli.Reporting;

/// <summary>
/// Serves the DejaVu Sans typefaces embedded in this assembly under <see cref="Family"/>. SkiaSharp's NoDependencies
/// natives find fonts only in /usr/share/fonts, so without this a machine with no fonts installed renders charts
/// without any text; with it, charts look the same everywhere.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    /// <summary>The family name charts ask for.</summary>
    public const string Family = "DejaVu Sans (freetickets-bench)";

    private readonly SKTypeface _regular = Load("DejaVuSans.ttf");
    private readonly SKTypeface _bold = Load("DejaVuSans-Bold.ttf");

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        fontName == Family ? (bold ? _bold : _regular) : null;

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

    private static SKTypeface Load(string file)
    {
        var name = $"FreeTickets.Cli.Reporting.Fonts.{file}";
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded font {name} is missing from the build");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"embedded font {name} could not be read");
    }
}
