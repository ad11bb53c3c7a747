using Spectre.Console;
using Spectre.Console.Rendering;

namespace FreeTickets.Cli;

/// <summary>
/// The label column of the live view. It may take whatever width the other columns leave (so the grid never squeezes the
/// bar or the times into one character), fits a <see cref="LiveLabel"/> kept in the task's <c>Tag</c> to it, and wraps
/// rather than cuts when even the short spelling is too wide. On a wide terminal it is as wide as the widest label drawn
/// so far, so the bars sit next to the labels and do not move from epoch to epoch.
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

    // Widest label drawn or announced so far; ints are written atomically, and the width only grows.
    private int _widest;

    /// <inheritdoc />
    protected override bool NoWrap => false;

    /// <summary>
    /// Announces a label before it is drawn: Spectre asks a column's width before it renders the frame, so a label that
    /// grew would otherwise wrap for one frame.
    /// </summary>
    public void Widen(LiveLabel label, int consoleWidth) =>
        _widest = Math.Max(_widest, label.Fit(LabelWidth(consoleWidth)).Length);

    /// <inheritdoc />
    public override int? GetColumnWidth(RenderOptions options)
    {
        var available = LabelWidth(options.ConsoleSize.Width);
        return _widest == 0 ? available : Math.Min(available, _widest);
    }

    /// <inheritdoc />
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var text = task.Tag is LiveLabel label ? label.Fit(LabelWidth(options.ConsoleSize.Width)) : task.Description;
        _widest = Math.Max(_widest, text.Length);
        return new Text(text).Overflow(Overflow.Fold).Justify(Justify.Left);
    }
}
