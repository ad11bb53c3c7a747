using CsvHelper.Configuration.Attributes;

namespace FreeTickets.Core.Results;

/// <summary>One row of runs.csv: one cell (all members and the ensemble).</summary>
public sealed record RunRow
{
    [Index(0)] public string Matrix { get; init; } = "";
    [Index(1)] public string CellId { get; init; } = "";
    [Index(2)] public string Method { get; init; } = "";
    [Index(3)] public string Architecture { get; init; } = "";
    [Index(4)] public string Dataset { get; init; } = "";
    [Index(5)] public double Sparsity { get; init; }
    // Pruning criterion and regrowth rule of a sparse cell (empty for dense methods); optional so that tables written
    // before these columns existed still read.
    [Index(6), Optional] public string Prune { get; init; } = "";
    [Index(7), Optional] public string Regrow { get; init; } = "";
    [Index(8)] public long Seed { get; init; }
    [Index(9)] public CellStatus Status { get; init; }
    [Index(10)] public string StatusDetail { get; init; } = "";
    [Index(11)] public int Members { get; init; }
    [Index(12)] public int TrainingEpochs { get; init; }
    [Index(13)] public double Accuracy { get; init; } = double.NaN;
    [Index(14)] public double Nll { get; init; } = double.NaN;
    [Index(15)] public double Ece { get; init; } = double.NaN;
    [Index(16)] public double Brier { get; init; } = double.NaN;
    [Index(17)] public double Disagreement { get; init; } = double.NaN;
    [Index(18)] public double PairwiseKl { get; init; } = double.NaN;
    [Index(19)] public double MemberAccuracyMean { get; init; } = double.NaN;
    [Index(20)] public double TrainFlops { get; init; } = double.NaN;
    [Index(21)] public double TrainFlopsRelDense { get; init; } = double.NaN;
    [Index(22)] public double InferenceFlops { get; init; } = double.NaN;
    [Index(23)] public double InferenceFlopsRelDense { get; init; } = double.NaN;
    [Index(24)] public long Params { get; init; }
    [Index(25)] public double Density { get; init; } = double.NaN;
    [Index(26)] public double WallSeconds { get; init; }
    [Index(27)] public double PeakRssMb { get; init; }
    [Index(28)] public string ConfigHash { get; init; } = "";
    [Index(29)] public string ToolVersion { get; init; } = "";
    [Index(30)] public string TorchSharpVersion { get; init; } = "";
    [Index(31)] public string LibTorchVersion { get; init; } = "";
    [Index(32)] public string Device { get; init; } = "";
    [Index(33)] public int Threads { get; init; }

    // Robustness (evaluation.ood / evaluation.corruptions); optional so that tables written before they existed still read.
    [Index(34)][Optional] public string OodDataset { get; init; } = "";
    [Index(35)][Optional] public double OodAuroc { get; init; } = double.NaN;
    [Index(36)][Optional] public double CorruptionAccuracy { get; init; } = double.NaN;
    [Index(37)][Optional] public double CorruptionNll { get; init; } = double.NaN;
    [Index(38)][Optional] public double CorruptionEce { get; init; } = double.NaN;
}
