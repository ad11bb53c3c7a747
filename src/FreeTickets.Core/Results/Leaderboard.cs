using System.Security.Cryptography;
using System.Text;

namespace FreeTickets.Core.Results;

/// <summary>Aggregates runs over seeds: mean and sample standard deviation of every metric, only over cells that finished.</summary>
public static class Leaderboard
{
    /// <summary>
    /// Leaderboard rows ordered by dataset, architecture, method order, sparsity, pruning criterion, regrowth rule and
    /// execution; cells that differ in any of these (execution included) are never averaged together.
    /// </summary>
    public static IReadOnlyList<LeaderboardRow> Build(IEnumerable<RunRow> runs)
    {
        var methodOrder = new[] { "dense", "dense-ensemble", "dst-ensemble", "edst-ensemble" };
        var rows = runs
            .GroupBy(r => (r.Method, r.Architecture, r.Dataset, r.Sparsity, r.Prune, r.Regrow, r.Execution))
            .OrderBy(g => g.Key.Dataset, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Architecture, StringComparer.Ordinal)
            .ThenBy(g => Array.IndexOf(methodOrder, g.Key.Method) is var i && i >= 0 ? i : int.MaxValue)
            .ThenBy(g => g.Key.Method, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Sparsity)
            .ThenBy(g => g.Key.Prune, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Regrow, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Execution, StringComparer.Ordinal)
            .Select(Row)
            .ToList();

        // Training time relative to the dense row of the same architecture and dataset: the ratio of the two means.
        var dense = rows
            .Where(r => r.Method == Config.MethodNames.Dense)
            .GroupBy(r => (r.Architecture, r.Dataset))
            .ToDictionary(g => g.Key, g => g.First().TrainSecondsMean);
        return [.. rows.Select(r => r with
        {
            TrainTimeRelDense = dense.TryGetValue((r.Architecture, r.Dataset), out var reference)
                ? TrainingTimes.Ratio(r.TrainSecondsMean, reference)
                : double.NaN,
        })];
    }

    private static LeaderboardRow Row(IGrouping<(string Method, string Architecture, string Dataset, double Sparsity, string Prune, string Regrow, string Execution), RunRow> group)
    {
        var all = group.OrderBy(r => r.Seed).ToList();
        var ok = all.Where(r => r.Status == CellStatus.Ok).ToList();
        var first = ok.FirstOrDefault() ?? all[0];
        (double Mean, double Std) Stat(Func<RunRow, double> f) => MeanStd([.. ok.Select(f)]);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", all.Select(r => r.ConfigHash)))))[..16].ToLowerInvariant();
        return new LeaderboardRow
        {
            Method = group.Key.Method,
            Architecture = group.Key.Architecture,
            Dataset = group.Key.Dataset,
            Sparsity = group.Key.Sparsity,
            Prune = group.Key.Prune,
            Regrow = group.Key.Regrow,
            Execution = group.Key.Execution,
            Members = first.Members,
            Seeds = all.Count,
            Ok = ok.Count,
            Diverged = all.Count(r => r.Status == CellStatus.Diverged),
            Failed = all.Count(r => r.Status == CellStatus.Failed),
            AccuracyMean = Stat(r => r.Accuracy).Mean,
            AccuracyStd = Stat(r => r.Accuracy).Std,
            NllMean = Stat(r => r.Nll).Mean,
            NllStd = Stat(r => r.Nll).Std,
            EceMean = Stat(r => r.Ece).Mean,
            EceStd = Stat(r => r.Ece).Std,
            BrierMean = Stat(r => r.Brier).Mean,
            BrierStd = Stat(r => r.Brier).Std,
            DisagreementMean = Stat(r => r.Disagreement).Mean,
            DisagreementStd = Stat(r => r.Disagreement).Std,
            PairwiseKlMean = Stat(r => r.PairwiseKl).Mean,
            PairwiseKlStd = Stat(r => r.PairwiseKl).Std,
            MemberAccuracyMean = Stat(r => r.MemberAccuracyMean).Mean,
            TrainFlops = Stat(r => r.TrainFlops).Mean,
            TrainFlopsRelDense = Stat(r => r.TrainFlopsRelDense).Mean,
            InferenceFlops = Stat(r => r.InferenceFlops).Mean,
            InferenceFlopsRelDense = Stat(r => r.InferenceFlopsRelDense).Mean,
            Params = ok.Count > 0 ? (long)Math.Round(ok.Average(r => (double)r.Params)) : 0,
            Density = Stat(r => r.Density).Mean,
            WallSecondsMean = Stat(r => r.WallSeconds).Mean,
            TrainSecondsMean = Stat(r => r.TrainSeconds).Mean,
            InferMsB128Mean = Stat(r => r.InferMsB128).Mean,
            InferMsB1Mean = Stat(r => r.InferMsB1).Mean,
            ConfigHash = hash,
            ToolVersion = first.ToolVersion,
            TorchSharpVersion = first.TorchSharpVersion,
            LibTorchVersion = first.LibTorchVersion,
            Device = first.Device,
            Threads = first.Threads,
            OodDataset = first.OodDataset,
            OodAurocMean = Stat(r => r.OodAuroc).Mean,
            OodAurocStd = Stat(r => r.OodAuroc).Std,
            CorruptionAccuracyMean = Stat(r => r.CorruptionAccuracy).Mean,
            CorruptionAccuracyStd = Stat(r => r.CorruptionAccuracy).Std,
            CorruptionNllMean = Stat(r => r.CorruptionNll).Mean,
            CorruptionNllStd = Stat(r => r.CorruptionNll).Std,
            CorruptionEceMean = Stat(r => r.CorruptionEce).Mean,
            CorruptionEceStd = Stat(r => r.CorruptionEce).Std,
        };
    }

    /// <summary>Mean and sample standard deviation (0 for one value, NaN for none).</summary>
    public static (double Mean, double Std) MeanStd(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        var mean = values.Average();
        if (double.IsNaN(mean))
        {
            return (double.NaN, double.NaN);
        }

        if (values.Count == 1)
        {
            return (mean, 0);
        }

        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return (mean, Math.Sqrt(variance));
    }
}
