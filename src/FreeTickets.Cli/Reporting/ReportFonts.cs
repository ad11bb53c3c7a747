using ScottPlot;

namespace FreeTickets.Cli.Reporting;

/// <summary>Makes the embedded font ScottPlot's default, once per process (ScottPlot keeps fonts in static state).</summary>
internal static class ReportFonts
{
    private static readonly Lock _lock = new();
    private static bool _registered;

    public static void Register()
    {
        lock (_lock)
        {
            if (_registered)
            {
                return;
            }

            Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
            Fonts.Default = EmbeddedFontResolver.Family;
            Fonts.Sans = EmbeddedFontResolver.Family;
            _registered = true;
        }
    }
}
