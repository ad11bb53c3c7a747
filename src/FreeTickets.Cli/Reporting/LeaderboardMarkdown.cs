using System.Globalization;
using System.Text;
using FreeTickets.Core.Results;

namespace FreeTickets.Cli.Reporting;

/// <summary>The leaderboard of a group as a Markdown table: mean ± std over seeds, the best mean of each column in bold.</summary>
internal static class LeaderboardMarkdown
{
    /// <summary>Which way is better for a column; <see cref="None"/> columns are never bold.</summary>
    private enum Better
    {
        None,
        Higher,
        Lower,
    }

    private sealed record Column(string Header, Better Better, Func<LeaderboardRow, double> Mean, Func<LeaderboardRow, double>? Std, string Format, double Scale = 1);

    private static readonly Column[] _columns =
    [
        new("Accuracy (%)", Better.Higher, r => r.AccuracyMean, r => r.AccuracyStd, "0.00", 100),
        new("NLL", Better.Lower, r => r.NllMean, r => r.NllStd, "0.0000"),
        new("ECE", Better.Lower, r => r.EceMean, r => r.EceStd, "0.0000"),
        new("Brier", Better.Lower, r => r.BrierMean, r => r.BrierStd, "0.0000"),
        new("Member acc. (%)", Better.Higher, r => r.MemberAccuracyMean, null, "0.00", 100),
        new("Disagreement", Better.Higher, r => r.DisagreementMean, r => r.DisagreementStd, "0.0000"),
        new("Pairwise KL", Better.Higher, r => r.PairwiseKlMean, r => r.PairwiseKlStd, "0.0000"),
        new("Train FLOPs (× dense)", Better.Lower, r => r.TrainFlopsRelDense, null, "0.000"),
        new("Inference FLOPs (× dense)", Better.Lower, r => r.InferenceFlopsRelDense, null, "0.000"),
        new("Params", Better.Lower, r => r.Params, null, "N0"),
        new("Wall time (s)", Better.None, r => r.WallSecondsMean, null, "0.0"),
    ];

    // Measured times (train_time_rel_dense, infer_ms_b128_mean): shown only when some row has them, so reports of results
    // written before they were measured keep their shape. Measurements, so never bold.
    private static readonly Column[] _timingColumns =
    [
        new("Train time (× dense)", Better.None, r => r.TrainTimeRelDense, null, "0.000"),
        new("Inference (ms / 128)", Better.None, r => r.InferMsB128Mean, null, "0.###"),
    ];

    // Shown only when some row has them (evaluation.ood / evaluation.corruptions), so other reports keep their shape.
    private static readonly Column[] _robustnessColumns =
    [
        new("OoD AUROC", Better.Higher, r => r.OodAurocMean, r => r.OodAurocStd, "0.0000"),
        new("cAcc (%)", Better.Higher, r => r.CorruptionAccuracyMean, r => r.CorruptionAccuracyStd, "0.00", 100),
        new("cNLL", Better.Lower, r => r.CorruptionNllMean, r => r.CorruptionNllStd, "0.0000"),
        new("cECE", Better.Lower, r => r.CorruptionEceMean, r => r.CorruptionEceStd, "0.0000"),
    ];

    /// <summary>The table, with a line that explains arrows and bold.</summary>
    public static string Write(IReadOnlyList<LeaderboardRow> rows)
    {
        Column[] columns =
        [
            .. _columns,
            .. _timingColumns.Where(c => rows.Any(r => double.IsFinite(c.Mean(r)))),
            .. _robustnessColumns.Where(c => rows.Any(r => double.IsFinite(c.Mean(r)))),
        ];
        var text = new StringBuilder();
        text.Append("| Method | S | M | Seeds ok |");
        foreach (var c in columns)
        {
            text.Append(' ').Append(c.Header).Append(c.Better switch { Better.Higher => " ↑", Better.Lower => " ↓", _ => "" }).Append(" |");
        }

        text.Append('\n').Append("|---|--:|--:|--:|");
        text.Append(string.Concat(Enumerable.Repeat("--:|", columns.Length))).Append('\n');

        var best = columns.Select(c => Best(c, rows)).ToArray();
        var crossed = rows.Where(r => r.Prune.Length > 0).Select(r => (r.Prune, r.Regrow)).Distinct().Count() > 1;
        foreach (var r in rows)
        {
            var ok = r.Ok == r.Seeds ? $"{r.Ok}/{r.Seeds}"
                : $"{r.Ok}/{r.Seeds} ({string.Join(", ", new[] { (r.Diverged, "diverged"), (r.Failed, "failed") }.Where(x => x.Item1 > 0).Select(x => $"{x.Item1} {x.Item2}"))})";
            var plugins = crossed && r.Prune.Length > 0 ? $" ({r.Prune}+{r.Regrow})" : "";
            var execution = MethodStyles.ExecutionSuffix(r.Method, r.Execution);
            text.Append(CultureInfo.InvariantCulture, $"| {r.Method}{plugins}{execution} | {ChartKit.F(r.Sparsity, "0.###")} | {r.Members} | {ok} |");
            for (var i = 0; i < columns.Length; i++)
            {
                text.Append(' ').Append(Cell(columns[i], r, best[i])).Append(" |");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The legend line under the table.</summary>
    public static string Legend =>
        "↑ higher is better, ↓ lower is better (for Disagreement and Pairwise KL, higher means more diverse members); the best "
        + "mean of each column is **bold**. Values are mean ± standard deviation over the seeds that finished; FLOPs are "
        + "relative to one dense model (training: all members and epochs; inference: all members).";

    private static string Cell(Column column, LeaderboardRow row, string? best)
    {
        var mean = column.Mean(row);
        if (row.Ok == 0 || !double.IsFinite(mean))
        {
            return "–";
        }

        var shown = ChartKit.F(mean * column.Scale, column.Format);
        var std = column.Std?.Invoke(row) ?? double.NaN;
        var cell = shown == best ? $"**{shown}**" : shown;
        return row.Ok > 1 && double.IsFinite(std) ? $"{cell} ± {ChartKit.F(std * column.Scale, column.Format)}" : cell;
    }

    /// <summary>The best mean as displayed (ties at display precision are all bold), or null.</summary>
    private static string? Best(Column column, IReadOnlyList<LeaderboardRow> rows)
    {
        var means = rows.Where(r => r.Ok > 0).Select(column.Mean).Where(double.IsFinite).ToList();
        if (column.Better == Better.None || means.Count < 2)
        {
            return null;
        }

        var best = column.Better == Better.Higher ? means.Max() : means.Min();
        return ChartKit.F(best * column.Scale, column.Format);
    }
}
