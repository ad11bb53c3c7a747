using FreeTickets.Core.Results;
using ScottPlot;

namespace FreeTickets.Cli.Reporting;

/// <summary>
/// A per-epoch quantity of curves.csv against the epochs a cell spent, one panel per method and one line per sparsity
/// (mean over seeds). Members trained one after another are laid end to end, so the x axis is the cell's training
/// budget; segments (members, or EDST's exploration and ticket phases) are shaded and named.
/// </summary>
internal sealed class TrainingCurvesChart(string heading, string fileStem, string axisLabel, bool logScale, Func<CurveRow, double> value) : IReportChart
{
    public static TrainingCurvesChart TrainLoss() =>
        new("Training curves: loss", "curves-train-loss", "training loss (log scale)", logScale: true, c => c.TrainLoss);

    public static TrainingCurvesChart ValidationAccuracy() =>
        new("Training curves: validation accuracy", "curves-validation-accuracy", "validation accuracy (%)", logScale: false, c => 100 * c.ValidationAccuracy);

    public string Heading => heading;

    public string? Missing(ReportGroup group) =>
        group.Curves.Count == 0 ? "curves.csv has no rows for this group"
        : !group.Curves.Select(value).Any(Plottable) ? "curves.csv has no finite values of this quantity for this group"
        : null;

    public ChartFile Render(ReportGroup group, string folder)
    {
        var methods = group.Entries.Select(e => e.Method).Distinct().Where(m => group.Curves.Any(c => c.Method == m)).ToList();
        var columns = ChartKit.Columns(methods.Count, max: 2);
        var rows = (methods.Count + columns - 1) / columns;
        var (figure, plots) = ChartKit.Grid(methods.Count, columns);
        var all = group.Curves.Select(value).Where(Plottable).ToList();
        var (low, high) = (all.Min(), all.Max());
        var (bottom, top) = logScale ? (Math.Log10(low) - 0.1, Math.Log10(high) + 0.25) : (low - ((high - low) * 0.05), high + ((high - low) * 0.15));
        var longest = 0;
        for (var i = 0; i < methods.Count; i++)
        {
            var plot = plots[i];
            var entries = group.Entries.Where(e => e.Method == methods[i]).ToList();
            var segments = Segments(group.Curves.Where(c => c.Method == methods[i]));
            var end = segments.Count == 0 ? 0 : segments[^1].End;
            longest = Math.Max(longest, end);
            for (var s = 0; s < segments.Count; s++)
            {
                if (s % 2 == 1)
                {
                    var span = plot.Add.HorizontalSpan(segments[s].Start, segments[s].End);
                    span.FillColor = Colors.Black.WithOpacity(0.05);
                    span.LineWidth = 0;
                }

                if (segments.Count > 1)
                {
                    var label = plot.Add.Text(segments[s].Name, (segments[s].Start + segments[s].End) / 2.0, top);
                    label.LabelAlignment = Alignment.UpperCenter;
                    label.LabelFontSize = 10;
                    label.LabelFontColor = Colors.Black.WithOpacity(0.75);
                }
            }

            foreach (var entry in entries)
            {
                var points = group.Curves
                    .Where(c => group.Matches(entry, c.CellId))
                    .GroupBy(c => Position(segments, c))
                    .Where(g => g.Key > 0)
                    .OrderBy(g => g.Key)
                    .Select(g => (X: (double)g.Key, Y: g.Select(value).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()))
                    .Where(p => Plottable(p.Y))
                    .ToList();
                if (points.Count == 0)
                {
                    continue;
                }

                var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => logScale ? Math.Log10(p.Y) : p.Y).ToArray(), entry.Color);
                line.LineWidth = 2;
                line.MarkerSize = points.Count > 60 ? 0 : 4;
                line.MarkerShape = entry.Marker;
                line.LinePattern = entry.Pattern;
            }

            // The sparsities of a panel are told apart in its title (a legend would cover curves or segment labels).
            var key = entries.Count > 1
                ? " (" + string.Join(", ", entries.Select(e => $"{e.PatternName}: S={ChartKit.F(e.Sparsity, "0.###")}")) + ")"
                : "";
            plot.Title(MethodStyles.Name(methods[i]) + key, 13);

            if (logScale)
            {
                plot.Axes.Left.TickGenerator = ChartKit.LogTicks(Math.Pow(10, bottom), Math.Pow(10, top), v => ChartKit.F(v, "0.###"));
            }

            if (i % columns == 0)
            {
                plot.YLabel(axisLabel, 12);
            }

            if (i + columns >= methods.Count)
            {
                plot.XLabel("epoch (members back to back)", 12);
            }
        }

        for (var i = 0; i < methods.Count; i++)
        {
            plots[i].Axes.SetLimits(0, longest + 0.5, bottom, top);
        }

        var width = Math.Max(ChartKit.Width, 460 * columns);
        var height = Math.Max(ChartKit.Height, 300 * rows);
        return ChartKit.Save(figure, folder, $"{group.Slug}_{fileStem}.png", Heading,
            "Per epoch, mean over seeds; one panel per method, one line per sparsity, on a shared scale. Members trained one "
            + "after another (dense and DST ensembles) are laid end to end; EDST trains one run whose exploration phase is "
            + "followed by one refinement phase per ticket. Shaded bands and labels mark these segments.",
            width, height);
    }

    private bool Plottable(double v) => double.IsFinite(v) && (!logScale || v > 0);

    /// <summary>x position of a curve row: 1-based epoch after the segments before it (0 when it fits none).</summary>
    private static int Position(IReadOnlyList<(string Name, int Run, int Start, int End, int FirstEpoch)> segments, CurveRow row)
    {
        foreach (var s in segments)
        {
            if (s.Run == row.Run && row.Epoch >= s.FirstEpoch && row.Epoch - s.FirstEpoch < s.End - s.Start)
            {
                return s.Start + (row.Epoch - s.FirstEpoch) + 1;
            }
        }

        return 0;
    }

    /// <summary>
    /// Consecutive (run, phase) segments of a method, from its first cell with curves: members (run index) for
    /// independently trained ensembles, the phases (explore, refine-k) for EDST.
    /// </summary>
    private static List<(string Name, int Run, int Start, int End, int FirstEpoch)> Segments(IEnumerable<CurveRow> curves)
    {
        var first = curves.OrderBy(c => c.CellId, StringComparer.Ordinal).FirstOrDefault();
        if (first is null)
        {
            return [];
        }

        var cell = curves.Where(c => c.CellId == first.CellId).OrderBy(c => c.Run).ThenBy(c => c.Epoch).ToList();
        var runs = cell.Select(c => c.Run).Distinct().Count();
        var segments = new List<(string, int, int, int, int)>();
        var start = 0;
        foreach (var part in cell.GroupBy(c => (c.Run, c.Phase)))
        {
            var epochs = part.Count();
            var name = runs > 1 ? $"member {part.Key.Run + 1}" : PhaseName(part.Key.Phase);
            segments.Add((name, part.Key.Run, start, start + epochs, part.Min(c => c.Epoch)));
            start += epochs;
        }

        return segments;
    }

    private static string PhaseName(string phase) =>
        phase.StartsWith("refine-", StringComparison.Ordinal) && int.TryParse(phase["refine-".Length..], out var k) ? $"ticket {k + 1}" : phase;
}
