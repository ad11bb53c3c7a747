using FreeTickets.Core.Metrics;
using ScottPlot;

namespace FreeTickets.Cli.Reporting;

/// <summary>Reliability diagrams of the ensemble prediction, one panel per method x sparsity, seeds pooled.</summary>
internal sealed class ReliabilityChart : IReportChart
{
    public string Heading => "Reliability diagrams";

    public string? Missing(ReportGroup group) =>
        Panels(group).Count > 0 ? null
        : group.Cells.Count == 0 ? "the folder has no cell records (cells/ is local resume state and is not committed); run the matrix to get them"
        : "the cell records carry no reliability bins (they were written before the report existed); rerun the matrix with --force";

    public ChartFile Render(ReportGroup group, string folder)
    {
        var panels = Panels(group);
        var columns = ChartKit.Columns(panels.Count);
        var rows = (panels.Count + columns - 1) / columns;
        var (figure, plots) = ChartKit.Grid(panels.Count, columns);
        for (var i = 0; i < panels.Count; i++)
        {
            var (entry, bins) = panels[i];
            var plot = plots[i];
            var total = bins.Sum(b => b.Count);
            var diagonal = plot.Add.Line(0, 0, 1, 1);
            diagonal.Color = Colors.Black.WithOpacity(0.45);
            diagonal.LinePattern = LinePattern.Dashed;
            var filled = bins.Where(b => b.Count > 0).ToList();

            // The gap to each bin's mean confidence (as in Guo et al. 2017), behind the accuracy bars: it shows above a
            // bar where the ensemble is over-confident; an under-confident bar rises above the diagonal instead.
            plot.Add.Bars(filled.Select(b => new Bar
            {
                Position = (b.Lower + b.Upper) / 2,
                ValueBase = b.Accuracy,
                Value = b.Confidence,
                Size = (b.Upper - b.Lower) * 0.92,
                FillColor = Colors.Red.WithOpacity(0.22),
                LineColor = Colors.Red.WithOpacity(0.7),
                LineWidth = 1,
            }).ToList());
            plot.Add.Bars(filled.Select(b => new Bar
            {
                Position = (b.Lower + b.Upper) / 2,
                Value = b.Accuracy,
                Size = (b.Upper - b.Lower) * 0.92,
                FillColor = entry.Color,
                LineWidth = 0,
            }).ToList());

            var ece = bins.Sum(b => Math.Abs(b.Accuracy - b.Confidence) * b.Count) / total;
            var top = bins.OrderByDescending(b => b.Upper).First();
            plot.Title($"{entry.Label}\nECE {ChartKit.F(ece, "0.0000")}, {ChartKit.F(100.0 * top.Count / total, "0.#")}% in the top bin", 12);
            plot.Axes.SetLimits(0, 1, 0, 1);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.2);
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.2);
            if (i / columns == rows - 1 || i + columns >= panels.Count)
            {
                plot.XLabel("confidence", 12);
            }

            if (i % columns == 0)
            {
                plot.YLabel("accuracy", 12);
            }
        }

        var width = Math.Max(ChartKit.Width, 300 * columns);
        var height = Math.Max(340, 320 * rows);
        return ChartKit.Save(figure, folder, $"{group.Slug}_reliability.png", Heading,
            "Accuracy of the ensemble prediction per confidence bin (15 equal-width bins of the max softmax probability, test "
            + "set, all seeds pooled); empty bins are left out. Dashed: perfect calibration. Red: the gap between a bin's "
            + "accuracy and its mean confidence where the ensemble is over-confident (bars below the diagonal); bars above "
            + "it are under-confident. Panel titles give the pooled ECE (it can differ slightly from the leaderboard's mean "
            + "over seeds) and the share of test examples in the top bin.",
            width, height);
    }

    /// <summary>Per entry with diagnostics: its bins pooled over seeds (count-weighted accuracy and confidence).</summary>
    private static List<(ReportEntry Entry, IReadOnlyList<ReliabilityBin> Bins)> Panels(ReportGroup group)
    {
        var result = new List<(ReportEntry, IReadOnlyList<ReliabilityBin>)>();
        foreach (var entry in group.Entries)
        {
            var seeds = group.Diagnostics(entry).Where(d => d.Reliability.Count > 0).ToList();
            if (seeds.Count == 0 || seeds.Any(s => s.Reliability.Count != seeds[0].Reliability.Count))
            {
                continue;
            }

            var pooled = new List<ReliabilityBin>();
            for (var b = 0; b < seeds[0].Reliability.Count; b++)
            {
                var count = seeds.Sum(s => s.Reliability[b].Count);
                double Mean(Func<ReliabilityBin, double> f) => count == 0 ? 0 : seeds.Sum(s => f(s.Reliability[b]) * s.Reliability[b].Count) / count;
                pooled.Add(new ReliabilityBin(seeds[0].Reliability[b].Lower, seeds[0].Reliability[b].Upper, count, Mean(x => x.Accuracy), Mean(x => x.Confidence)));
            }

            if (pooled.Sum(b => b.Count) > 0)
            {
                result.Add((entry, pooled));
            }
        }

        return result;
    }
}
