using FreeTickets.Core.Results;
using ScottPlot;

namespace FreeTickets.Cli.Reporting;

/// <summary>Side-by-side bar panels of leaderboard metrics (mean with std error bars), one bar per method x sparsity.</summary>
internal sealed class MetricBarsChart(
    string heading, string fileStem, string caption, bool ensemblesOnly, params (string Title, Func<LeaderboardRow, (double Mean, double Std)> Value)[] metrics)
    : IReportChart
{
    /// <summary>NLL and ECE of the ensemble prediction.</summary>
    public static MetricBarsChart Calibration() => new(
        "NLL and ECE", "nll-ece",
        "Negative log-likelihood and expected calibration error (15 equal-width confidence bins) of the ensemble's mean "
        + "softmax on the test set; lower is better. Error bars: standard deviation over seeds.",
        ensemblesOnly: false,
        ("NLL (lower is better)", r => (r.NllMean, r.NllStd)),
        ("ECE (lower is better)", r => (r.EceMean, r.EceStd)));

    /// <summary>Mean pairwise prediction disagreement and KL divergence between members.</summary>
    public static MetricBarsChart Diversity() => new(
        "Member diversity", "diversity",
        "Mean over member pairs of the fraction of test examples whose predicted class differs, and of the KL divergence "
        + "between the members' predictive distributions (nats). Error bars: standard deviation over seeds.",
        ensemblesOnly: true,
        ("prediction disagreement", r => (r.DisagreementMean, r.DisagreementStd)),
        ("pairwise KL divergence (nats)", r => (r.PairwiseKlMean, r.PairwiseKlStd)));

    public string Heading => heading;

    public string? Missing(ReportGroup group) =>
        Bars(group, metrics[0].Value).Count == 0
            ? ensemblesOnly ? "no finished ensemble cell (diversity needs at least two members)" : "no finished cell"
            : null;

    public ChartFile Render(ReportGroup group, string folder)
    {
        var (figure, panels) = ChartKit.Grid(metrics.Length, metrics.Length);
        for (var m = 0; m < metrics.Length; m++)
        {
            var plot = panels[m];
            var bars = Bars(group, metrics[m].Value);
            var list = bars.Select((b, i) => new Bar
            {
                Position = i,
                Value = b.Mean,
                Error = b.Std,
                FillColor = b.Entry.Color,
                LineWidth = 1.5f,
                LineColor = Colors.Black.WithOpacity(0.7),
                ErrorSize = 0.25,
                Size = 0.7,
            }).ToList();
            plot.Add.Bars(list);
            plot.Axes.Bottom.TickGenerator = ChartKit.Categories([.. bars.Select(b => b.Entry.Label.Replace(" S=", "\nS=", StringComparison.Ordinal))]);
            plot.Axes.Bottom.MajorTickStyle.Length = 0;
            plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TargetTickCount = 7, LabelFormatter = v => ChartKit.F(v, "0.####") };
            plot.Axes.Margins(bottom: 0);
            var top = bars.Max(b => b.Mean + b.Std) is var t && t > 0 ? t : 1;
            plot.Axes.SetLimits(-0.6, bars.Count - 0.4, 0, top * 1.12);
            plot.Title(metrics[m].Title, 14);
        }

        var width = Math.Clamp(120 + (metrics.Length * ((60 * Bars(group, metrics[0].Value).Count) + 60)), ChartKit.Width, 1400);
        return ChartKit.Save(figure, folder, $"{group.Slug}_{fileStem}.png", Heading, caption, width, 460);
    }

    private List<(ReportEntry Entry, double Mean, double Std)> Bars(ReportGroup group, Func<LeaderboardRow, (double Mean, double Std)> value) =>
        [.. group.Entries
            .Select(e => (Entry: e, Row: group.Row(e)))
            .Where(p => p.Row.Ok > 0 && (!ensemblesOnly || p.Row.Members > 1))
            .Select(p => (p.Entry, Stat: value(p.Row)))
            .Where(p => double.IsFinite(p.Stat.Mean))
            .Select(p => (p.Entry, p.Stat.Mean, double.IsFinite(p.Stat.Std) ? p.Stat.Std : 0))];
}
