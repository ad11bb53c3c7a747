using ScottPlot;

namespace FreeTickets.Cli.Reporting;

/// <summary>The paper's headline picture: test accuracy (mean and std over seeds) against training FLOPs relative to dense.</summary>
internal sealed class AccuracyFlopsChart : IReportChart
{
    public string Heading => "Accuracy vs training FLOPs";

    public string? Missing(ReportGroup group) =>
        Points(group).Count == 0 ? "no finished cell has both accuracy and training FLOPs" : null;

    public ChartFile Render(ReportGroup group, string folder)
    {
        var points = Points(group);
        var plot = ChartKit.NewPlot();
        var minX = points.Min(p => p.Flops);
        var maxX = points.Max(p => p.Flops);
        var lowX = Math.Min(minX, 1) / 1.6;
        var highX = Math.Max(maxX, 1) * 1.6;
        var top = points.Max(p => p.Accuracy + p.Std);
        var bottom = points.Min(p => p.Accuracy - p.Std);

        var dense = points.FirstOrDefault(p => p.Entry.Method == Core.Config.MethodNames.Dense);
        if (dense.Entry is not null)
        {
            plot.Add.HorizontalLine(dense.Accuracy, 1, Colors.Black.WithOpacity(0.35), LinePattern.Dashed);
        }

        plot.Add.VerticalLine(0, 1, Colors.Black.WithOpacity(0.2), LinePattern.Dotted);
        foreach (var p in points)
        {
            var x = Math.Log10(p.Flops);
            var error = plot.Add.ErrorBar([x], [p.Accuracy], [p.Std]);
            error.Color = p.Entry.Color;
            error.LineWidth = 1.5f;
            error.CapSize = 6;
            if (MemberAccuracy(group, p.Entry) is { } member && p.Entry.Method != Core.Config.MethodNames.Dense)
            {
                var link = plot.Add.Line(x, member, x, p.Accuracy);
                link.Color = p.Entry.Color.WithOpacity(0.5);
                link.LineWidth = 1;
                link.LinePattern = LinePattern.Dotted;
                var single = plot.Add.Marker(x, member, MarkerShape.OpenCircle, 8, p.Entry.Color);
                single.MarkerLineWidth = 1.5f;
                bottom = Math.Min(bottom, member);
                top = Math.Max(top, member);
            }

            plot.Add.Marker(x, p.Accuracy, p.Entry.Marker, 11, p.Entry.Color);
            var label = plot.Add.Text(p.Entry.Label, x, p.Accuracy);
            label.LabelFontSize = 11;
            label.LabelFontColor = p.Entry.Color.Darken(0.3);
            label.LabelAlignment = Alignment.MiddleLeft;
            label.OffsetX = 9;
        }

        var pad = Math.Max((top - bottom) * 0.15, 0.05);
        plot.Axes.Bottom.TickGenerator = ChartKit.LogTicks(lowX, highX, v => ChartKit.F(v, "0.##") + "×");
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TargetTickCount = 8, LabelFormatter = v => ChartKit.F(v, "0.0#") };
        plot.Axes.SetLimits(Math.Log10(lowX), Math.Log10(highX), Math.Max(bottom - pad, 0), Math.Min(top + pad, 100.5));
        plot.Title($"{group.Title}: test accuracy vs training FLOPs");
        plot.XLabel("training FLOPs relative to dense (log scale)");
        plot.YLabel("test accuracy (%)");
        return ChartKit.Save(plot, folder, $"{group.Slug}_accuracy-vs-flops.png", Heading,
            "Ensemble test accuracy against the training FLOPs of the whole ensemble (all members, all epochs; RigL convention), "
            + "relative to one dense model. Error bars: standard deviation over seeds. Open circles: mean accuracy of the "
            + "ensemble's individual members (members.csv), linked to the ensemble it forms. Dashed: dense accuracy; "
            + "dotted vertical: dense cost.");
    }

    /// <summary>Mean test accuracy (%) of the members of an entry's finished cells, or null when members.csv has none.</summary>
    private static double? MemberAccuracy(ReportGroup group, ReportEntry entry)
    {
        var finished = group.Runs.Where(r => r.Status == Core.Results.CellStatus.Ok && entry.Matches(r)).Select(r => r.CellId).ToHashSet();
        var members = group.Members.Where(m => finished.Contains(m.CellId) && double.IsFinite(m.Accuracy)).ToList();
        return members.Count == 0 ? null : 100 * members.Average(m => m.Accuracy);
    }

    /// <summary>Entries with a finished cell; accuracy and its std in percent.</summary>
    private static List<(ReportEntry Entry, double Flops, double Accuracy, double Std)> Points(ReportGroup group) =>
        [.. group.Entries
            .Select(e => (Entry: e, Row: group.Row(e)))
            .Where(p => p.Row.Ok > 0 && double.IsFinite(p.Row.AccuracyMean) && p.Row.TrainFlopsRelDense > 0)
            .Select(p => (p.Entry, Flops: p.Row.TrainFlopsRelDense, Accuracy: 100 * p.Row.AccuracyMean,
                Std: double.IsFinite(p.Row.AccuracyStd) ? 100 * p.Row.AccuracyStd : 0))];
}
