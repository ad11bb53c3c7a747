using Spectre.Console;
using Spectre.Console.Rendering;

namespace FreeTickets.Cli;

/// <summary>Spectre's progress bar, sized on every render for the terminal's current width (see <see cref="LiveLabelColumn.BarWidth"/>).</summary>
internal sealed class LiveBarColumn : ProgressColumn
{
    private readonly ProgressBarColumn _bar = new();

    /// <inheritdoc />
    public override int? GetColumnWidth(RenderOptions options) => LiveLabelColumn.BarWidth(options.ConsoleSize.Width);

    /// <inheritdoc />
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        _bar.Width = LiveLabelColumn.BarWidth(options.ConsoleSize.Width);
        return _bar.Render(options, task, deltaTime);
    }
}
