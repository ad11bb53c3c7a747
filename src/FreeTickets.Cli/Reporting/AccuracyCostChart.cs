using FreeTickets.Core.Results;
using ScottPlot;

namespace FreeTickets.Cli.Reporting;

/// <summary>
/// Test accuracy (mean and std over seeds) against a cost of the whole ensemble on a log axis: the paper's headline
/// picture with training FLOPs relative to dense, and its measured twins, training time relative to the dense cell and
/// inference time per batch.
/// </summary>
internal sealed class AccuracyCostChart : IReportChart
{
    private readonly string _fileStem;
    private readonly string _what;
    private readonly string _xLabel;
    private readonly string _caption;
    private readonly string _missing;
    private readonly Func<LeaderboardRow, double> _cost;
    private readonly Func<double, string> _tick;
    private readonly Func<ReportGroup, double?> _reference;

    private AccuracyCostChart(
        string heading, string fileStem, string what, string xLabel, string caption, string missing, Func<LeaderboardRow, double> cost,
        Func<double, string> tick, Func<ReportGroup, double?> reference)
    {
        Heading = heading;
        _fileStem = fileStem;
        _what = what;
        _xLabel = xLabel;
        _caption = caption;
        _missing = missing;
        _cost = cost;
        _tick = tick;
        _reference = reference;
    }

    public string Heading { get; }

    /// <summary>The paper's picture: training FLOPs of the whole ensemble relative to one dense model.</summary>
    public static AccuracyCostChart TrainingFlops() => new(
        "Accuracy vs training FLOPs", "accuracy-vs-flops", "training FLOPs", "training FLOPs relative to dense (log scale)",
        "Ensemble test accuracy against the training FLOPs of the whole ensemble (all members, all epochs; RigL convention), "
        + "relative to one dense model. Error bars: standard deviation over seeds. Open circles: mean accuracy of the "
        + "ensemble's individual members (members.csv), linked to the ensemble it forms. Dashed: dense accuracy; "
        + "dotted vertical: dense cost.",
        "no finished cell has both accuracy and training FLOPs",
        r => r.TrainFlopsRelDense, v => ChartKit.F(v, "0.##") + "×", _ => 1);

    /// <summary>The measured twin of <see cref="TrainingFlops"/>: wall time spent training, relative to the dense cell.</summary>
    public static AccuracyCostChart TrainingTime() => new(
        "Accuracy vs measured training time", "accuracy-vs-train-time", "measured training time",
        "measured training time relative to dense (log scale)",
        "Ensemble test accuracy against the measured wall time spent training the whole ensemble (train_time_rel_dense: "
        + "mean train_seconds over seeds divided by the dense model's), the measured counterpart of the FLOPs chart; "
        + "the execution mode (masked or sparse) decides how much of the FLOPs saving shows up here. A measurement: it "
        + "depends on the machine, the thread count and its load. Error bars: standard deviation over seeds. Open "
        + "circles: mean accuracy of the ensemble's individual members. Dashed: dense accuracy; dotted vertical: dense time.",
        "no finished cell has a training time relative to a dense cell (train_time_rel_dense is empty: results written "
        + "before training time was measured, or no dense cell)",
        r => r.TrainTimeRelDense, v => ChartKit.F(v, "0.##") + "×", _ => 1);

    /// <summary>The measured twin of inference FLOPs: the whole ensemble's forward time per batch of 128 test examples.</summary>
    public static AccuracyCostChart InferenceTime() => new(
        "Accuracy vs measured inference time", "accuracy-vs-inference-time", "measured inference time",
        "inference time of the ensemble per batch of 128, ms (log scale)",
        "Ensemble test accuracy against the measured inference time of the whole ensemble per batch of 128 test "
        + "examples (infer_ms_b128_mean: the sum over members of each one's median forward time, mean over seeds), in "
        + "the execution mode the cell ran with. A measurement: it depends on the machine, the thread count and its "
        + "load. Error bars: standard deviation over seeds. Open circles: mean accuracy of the ensemble's individual "
        + "members. Dashed: dense accuracy; dotted vertical: dense time.",
        "no finished cell has a measured inference time (infer_ms_b128 is empty: results written before inference was timed)",
        r => r.InferMsB128Mean, v => ChartKit.F(v, "0.###") + " ms",
        group => group.Rows.FirstOrDefault(r => r.Method == Core.Config.MethodNames.Dense && r.Ok > 0 && r.InferMsB128Mean > 0)?.InferMsB128Mean);

    public string? Missing(ReportGroup group) =>
        Points(group).Count == 0 ? _missing : null;

    public ChartFile Render(ReportGroup group, string folder)
    {
        var points = Points(group);
        var plot = ChartKit.NewPlot();
        var reference = _reference(group);
        var minX = points.Min(p => p.Cost);
        var maxX = points.Max(p => p.Cost);
        var lowX = Math.Min(minX, reference ?? minX) / 1.6;
        var highX = Math.Max(maxX, reference ?? maxX) * 1.6;
        var top = points.Max(p => p.Accuracy + p.Std);
        var bottom = points.Min(p => p.Accuracy - p.Std);

        var dense = points.FirstOrDefault(p => p.Entry.Method == Core.Config.MethodNames.Dense);
        if (dense.Entry is not null)
        {
            plot.Add.HorizontalLine(dense.Accuracy, 1, Colors.Black.WithOpacity(0.35), LinePattern.Dashed);
        }

        if (reference is { } r)
        {
            plot.Add.VerticalLine(Math.Log10(r), 1, Colors.Black.WithOpacity(0.2), LinePattern.Dotted);
        }

        foreach (var p in points)
        {
            var x = Math.Log10(p.Cost);
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
        plot.Axes.Bottom.TickGenerator = ChartKit.LogTicks(lowX, highX, _tick);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TargetTickCount = 8, LabelFormatter = v => ChartKit.F(v, "0.0#") };
        plot.Axes.SetLimits(Math.Log10(lowX), Math.Log10(highX), Math.Max(bottom - pad, 0), Math.Min(top + pad, 100.5));
        plot.Title($"{group.Title}: test accuracy vs {_what}");
        plot.XLabel(_xLabel);
        plot.YLabel("test accuracy (%)");
        return ChartKit.Save(plot, folder, $"{group.Slug}_{_fileStem}.png", Heading, _caption);
    }

    /// <summary>Mean test accuracy (%) of the members of an entry's finished cells, or null when members.csv has none.</summary>
    private static double? MemberAccuracy(ReportGroup group, ReportEntry entry)
    {
        var finished = group.Runs.Where(r => r.Status == CellStatus.Ok && entry.Matches(r)).Select(r => r.CellId).ToHashSet();
        var members = group.Members.Where(m => finished.Contains(m.CellId) && double.IsFinite(m.Accuracy)).ToList();
        return members.Count == 0 ? null : 100 * members.Average(m => m.Accuracy);
    }

    /// <summary>Entries with a finished cell and a positive cost; accuracy and its std in percent.</summary>
    private List<(ReportEntry Entry, double Cost, double Accuracy, double Std)> Points(ReportGroup group) =>
        [.. group.Entries
            .Select(e => (Entry: e, Row: group.Row(e)))
            .Where(p => p.Row.Ok > 0 && double.IsFinite(p.Row.AccuracyMean) && _cost(p.Row) > 0 && double.IsFinite(_cost(p.Row)))
            .Select(p => (p.Entry, Cost: _cost(p.Row), Accuracy: 100 * p.Row.AccuracyMean,
                Std: double.IsFinite(p.Row.AccuracyStd) ? 100 * p.Row.AccuracyStd : 0))];
}
