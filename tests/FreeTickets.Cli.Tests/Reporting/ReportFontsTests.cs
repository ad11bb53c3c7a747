using FreeTickets.Cli.Reporting;
using ScottPlot;

namespace FreeTickets.Cli.Tests.Reporting;

public sealed class ReportFontsTests
{
    [Fact]
    public void Should_serve_the_embedded_dejavu_faces_When_charts_ask_for_the_report_font()
    {
        var resolver = new EmbeddedFontResolver();

        var regular = resolver.CreateTypeface(EmbeddedFontResolver.Family, bold: false, italic: false);
        var bold = resolver.CreateTypeface(EmbeddedFontResolver.Family, bold: true, italic: false);

        Assert.Equal("DejaVu Sans", regular!.FamilyName);
        Assert.True(bold!.IsBold);
        Assert.True(regular.ContainsGlyphs("Accuracy ×↑↓±–σ"));
        Assert.Null(resolver.CreateTypeface("Some Other Font", bold: false, italic: false));
    }

    [Fact]
    public void Should_make_the_embedded_font_the_default_When_registered()
    {
        ReportFonts.Register();
        ReportFonts.Register();

        Assert.Equal(EmbeddedFontResolver.Family, Fonts.Default);
        Assert.Equal("DejaVu Sans", Fonts.GetTypeface(Fonts.Default, bold: false, italic: false).FamilyName);
    }
}
