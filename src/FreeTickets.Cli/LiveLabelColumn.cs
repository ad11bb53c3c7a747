using Spectre.Console;
using Spectre.Console.Rendering;

namespace FreeTickets.Cli;

/// <summary>
/// The label column of the live view. It takes whatever width the other columns leave (so the grid never squeezes the
/// bar or the times into one character), fits a <see cref="LiveLabel"/> kept in the task's <c>Tag</c> to it, and wraps
/// rather than cuts when even the short spelling is too wide.
/// </summary>
internal sealed class LiveLabelColumn : ProgressColumn
{
    // Right padding of the label, bar and two more columns (1 each), percentage (4), elapsed and remaining time (8 each).
    private const int OtherColumns = 4 + 4 + 8 + 8;

    // Below this the bar shrinks to give the label room; above it the bar takes Spectre's default width.
    private const int ComfortableLabel = 72;

    /// <summary>Width of the bar on a terminal <paramref name="consoleWidth"/> columns wide: 8 to 40.</summary>
    public static int BarWidth(int consoleWidth) => Math.Clamp(consoleWidth - OtherColumns - ComfortableLabel, 8, 40);

    /// <summary>Width of the label on a terminal <paramref name="consoleWidth"/> columns wide: the rest of the line.</summary>
    public static int LabelWidth(int consoleWidth) => Math.Max(10, consoleWidth - OtherColumns - BarWidth(consoleWidth));

    /// <inheritdoc />
    protected override bool NoWrap => false;

    /// <inheritdoc />
    public override int? GetColumnWidth(RenderOptions options) => LabelWidth(options.ConsoleSize.Width);

    /// <inheritdoc />
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var text = task.Tag is LiveLabel label ? label.Fit(LabelWidth(options.ConsoleSize.Width)) : task.Description;
        return new Text(text).Overflow(Overflow.Fold).Justify(Justify.Left);
    }
}
