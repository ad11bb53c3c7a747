using System.Globalization;

namespace FreeTickets.Core.Results;

/// <summary>
/// Compares a fresh leaderboard with a committed one. When both were produced with the same device, thread count and
/// libtorch, results must be bit-identical (CPU training is deterministic for a fixed thread count); otherwise the
/// tolerances of <see cref="Tolerances"/> apply (docs/cli.md#check-tolerances).
/// </summary>
public static class LeaderboardComparer
{
    /// <summary>Absolute tolerance per column when provenance differs (FLOPs and params are always exact).</summary>
    public static IReadOnlyDictionary<string, double> Tolerances { get; } = new Dictionary<string, double>
    {
        ["accuracy_mean"] = 0.005,
        ["nll_mean"] = 0.02,
        ["ece_mean"] = 0.01,
        ["brier_mean"] = 0.01,
        ["disagreement_mean"] = 0.01,
        ["pairwise_kl_mean"] = 0.02,
        ["ood_auroc_mean"] = 0.01,
        ["corruption_accuracy_mean"] = 0.01,
        ["corruption_nll_mean"] = 0.05,
        ["corruption_ece_mean"] = 0.01,
    };

    /// <summary>"/execution=sparse" for a row that does not run its method's default execution (masked; dense), else "".</summary>
    private static string ExecutionKey(LeaderboardRow row) =>
        row.Execution == ExecutionColumn.Default(row.Method) ? "" : $"/execution={row.Execution}";

    /// <summary>Every difference, one line each; empty when the leaderboards agree.</summary>
    public static IReadOnlyList<string> Compare(IReadOnlyList<LeaderboardRow> committed, IReadOnlyList<LeaderboardRow> fresh)
    {
        // Execution is part of a row's identity: a fresh sparse row is compared with a committed sparse row of the same
        // cell when there is one. Otherwise it is compared with the committed masked row (a table written before the column
        // existed reads as masked, or dense for dense methods), within the tolerances even on the same machine: the sparse
        // kernels add in another order, so they agree with masked execution within rounding, not bit for bit. Measured
        // times (train_seconds_mean, train_time_rel_dense, infer_ms_*: ResultTables.VolatileColumns) are never compared.
        static string BaseKey(LeaderboardRow r) => string.Create(CultureInfo.InvariantCulture,
            $"{r.Method}/{r.Architecture}/{r.Dataset}/S={r.Sparsity}{(r.Prune.Length + r.Regrow.Length > 0 ? $"/{r.Prune}+{r.Regrow}" : "")}");
        static string Key(LeaderboardRow r) => BaseKey(r) + ExecutionKey(r);
        var drift = new List<string>();
        var freshByKey = fresh.ToDictionary(Key);
        var pairs = new List<(string Key, LeaderboardRow Committed, LeaderboardRow Fresh)>();
        var unmatched = new List<LeaderboardRow>();
        foreach (var c in committed)
        {
            if (freshByKey.Remove(Key(c), out var f))
            {
                pairs.Add((Key(c), c, f));
            }
            else
            {
                unmatched.Add(c);
            }
        }

        foreach (var c in unmatched)
        {
            var other = freshByKey.Values.FirstOrDefault(f => BaseKey(f) == BaseKey(c));
            if (other is null)
            {
                drift.Add($"{Key(c)}: missing from the fresh leaderboard");
                continue;
            }

            freshByKey.Remove(Key(other));
            pairs.Add(($"{Key(other)} (against committed {c.Execution})", c, other));
        }

        foreach (var (key, c, f) in pairs)
        {
            var exact = c.Device == f.Device && c.Threads == f.Threads && c.LibTorchVersion == f.LibTorchVersion && c.Execution == f.Execution;
            void Metric(string name, double a, double b)
            {
                var tolerance = exact ? 0 : Tolerances[name];
                if (!(double.IsNaN(a) && double.IsNaN(b)) && !(Math.Abs(a - b) <= tolerance))
                {
                    drift.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{key}: {name} {b:R} vs committed {a:R} (|diff| {Math.Abs(a - b):G4} > {tolerance:G4}{(exact ? ", same device/threads/libtorch: must be identical" : "")})"));
                }
            }

            void Exact(string name, double a, double b)
            {
                if (!(double.IsNaN(a) && double.IsNaN(b)) && Math.Abs(a - b) > 1e-9 * Math.Max(1, Math.Abs(a)))
                {
                    drift.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {name} {b:R} vs committed {a:R}"));
                }
            }

            Metric("accuracy_mean", c.AccuracyMean, f.AccuracyMean);
            Metric("nll_mean", c.NllMean, f.NllMean);
            Metric("ece_mean", c.EceMean, f.EceMean);
            Metric("brier_mean", c.BrierMean, f.BrierMean);
            Metric("disagreement_mean", c.DisagreementMean, f.DisagreementMean);
            Metric("pairwise_kl_mean", c.PairwiseKlMean, f.PairwiseKlMean);
            // A leaderboard written before the robustness columns existed reads them as NaN, as does one whose matrix sets none.
            Metric("ood_auroc_mean", c.OodAurocMean, f.OodAurocMean);
            Metric("corruption_accuracy_mean", c.CorruptionAccuracyMean, f.CorruptionAccuracyMean);
            Metric("corruption_nll_mean", c.CorruptionNllMean, f.CorruptionNllMean);
            Metric("corruption_ece_mean", c.CorruptionEceMean, f.CorruptionEceMean);
            if (c.OodDataset != f.OodDataset)
            {
                drift.Add($"{key}: ood_dataset '{f.OodDataset}' vs committed '{c.OodDataset}'");
            }

            Exact("train_flops", c.TrainFlops, f.TrainFlops);
            Exact("inference_flops", c.InferenceFlops, f.InferenceFlops);
            Exact("params", c.Params, f.Params);
            if (c.Ok != f.Ok || c.Diverged != f.Diverged || c.Failed != f.Failed)
            {
                drift.Add($"{key}: cell status ok/diverged/failed {f.Ok}/{f.Diverged}/{f.Failed} vs committed {c.Ok}/{c.Diverged}/{c.Failed}");
            }
        }

        drift.AddRange(freshByKey.Keys.Select(k => $"{k}: not in the committed leaderboard"));
        return drift;
    }
}
