using FreeTickets.Core.Config;
using ScottPlot;

namespace FreeTickets.Cli.Reporting;

/// <summary>Pairwise prediction disagreement between the members of each ensemble (mean over seeds), one heat map per method x sparsity.</summary>
internal sealed class DisagreementHeatmapChart : IReportChart
{
    public string Heading => "Pairwise member disagreement";

    public string? Missing(ReportGroup group) =>
        Panels(group).Count > 0 ? null
        : !group.Entries.Any(e => group.Row(e).Members > 1) ? "no ensemble in this group"
        : group.Cells.Count == 0 ? "the folder has no cell records (cells/ is local resume state and is not committed); the mean disagreement per method is in the diversity chart"
        : "the cell records carry no pairwise disagreement (they were written before the report existed); the mean per method is in the diversity chart";

    public ChartFile Render(ReportGroup group, string folder)
    {
        var panels = Panels(group);
        var columns = ChartKit.Columns(panels.Count);
        var rows = (panels.Count + columns - 1) / columns;
        var (figure, plots) = ChartKit.Grid(panels.Count, columns);
        var max = panels.Max(p => p.Matrix.Cast<double>().Max());
        for (var i = 0; i < panels.Count; i++)
        {
            var (entry, matrix, seeds) = panels[i];
            var plot = plots[i];
            var m = matrix.GetLength(0);
            // Row 0 is drawn at the top; the diagonal (a member with itself) is blank.
            var shown = (double[,])matrix.Clone();
            for (var d = 0; d < m; d++)
            {
                shown[d, d] = double.NaN;
            }

            var heatmap = plot.Add.Heatmap(shown);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.ManualRange = new ScottPlot.Range(0, max > 0 ? max : 1);
            heatmap.NaNCellColor = Colors.LightGray;
            for (var r = 0; r < m; r++)
            {
                for (var c = 0; c < m; c++)
                {
                    var text = plot.Add.Text(r == c ? "–" : ChartKit.F(100 * matrix[r, c], "0.00") + "%", c, m - 1 - r);
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontSize = m <= 4 ? 13 : 9;
                    text.LabelFontColor = r == c || (max > 0 && matrix[r, c] > max * 0.6) ? Colors.Black : Colors.White;
                }
            }

            var member = entry.Method == MethodNames.EdstEnsemble ? "ticket" : "member";
            var labels = Enumerable.Range(1, m).Select(k => $"{member} {k}").ToList();
            plot.Axes.Bottom.TickGenerator = ChartKit.Categories(labels);
            plot.Axes.Left.TickGenerator = ChartKit.Categories([.. Enumerable.Reverse(labels)]);
            plot.Axes.Bottom.MajorTickStyle.Length = 0;
            plot.Axes.Left.MajorTickStyle.Length = 0;
            plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
            plot.Axes.Left.TickLabelStyle.FontSize = 10;
            plot.HideGrid();
            plot.Axes.SetLimits(-0.5, m - 0.5, -0.5, m - 0.5);
            plot.Title(seeds > 1 ? $"{entry.Label} (mean of {seeds} seeds)" : entry.Label, 13);
        }

        var width = Math.Max(ChartKit.Width, 320 * columns);
        var height = Math.Max(340, 320 * rows);
        return ChartKit.Save(figure, folder, $"{group.Slug}_disagreement-heatmap.png", Heading,
            "Fraction of test examples on which two members predict different classes, for every pair of members of one "
            + "ensemble (mean over seeds; one colour scale for all panels). For EDST the members are the tickets of one run, "
            + "in the order they were taken.",
            width, height);
    }

    private static List<(ReportEntry Entry, double[,] Matrix, int Seeds)> Panels(ReportGroup group)
    {
        var result = new List<(ReportEntry, double[,], int)>();
        foreach (var entry in group.Entries)
        {
            var seeds = group.Diagnostics(entry).Select(d => d.PairwiseDisagreement).Where(p => p.Count > 1).ToList();
            var m = seeds.FirstOrDefault()?.Count ?? 0;
            if (m < 2 || seeds.Any(s => s.Count != m || s.Any(row => row.Count != m)))
            {
                continue;
            }

            var mean = new double[m, m];
            for (var r = 0; r < m; r++)
            {
                for (var c = 0; c < m; c++)
                {
                    mean[r, c] = seeds.Average(s => s[r][c]);
                }
            }

            result.Add((entry, mean, seeds.Count));
        }

        return result;
    }
}
