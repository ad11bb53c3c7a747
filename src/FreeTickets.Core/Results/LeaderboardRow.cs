using CsvHelper.Configuration.Attributes;

namespace FreeTickets.Core.Results;

/// <summary>
/// One row of leaderboard.csv: method x architecture x dataset x sparsity (x pruning criterion x regrowth rule x
/// execution), mean and std over seeds.
/// </summary>
public sealed record LeaderboardRow
{
    private readonly string _execution = "";

    [Index(0)] public string Method { get; init; } = "";
    [Index(1)] public string Architecture { get; init; } = "";
    [Index(2)] public string Dataset { get; init; } = "";
    [Index(3)] public double Sparsity { get; init; }
    [Index(4), Optional] public string Prune { get; init; } = "";
    [Index(5), Optional] public string Regrow { get; init; } = "";

    // How the sparse layers computed (masked or sparse; dense for dense methods): part of the row's identity, so masked
    // and sparse cells are never averaged together. A row written before the column existed reads as what it ran with
    // then (ExecutionColumn.Default).
    [Index(6), Optional]
    public string Execution { get => ExecutionColumn.Of(Method, _execution); init => _execution = value ?? ""; }

    [Index(7)] public int Members { get; init; }
    [Index(8)] public int Seeds { get; init; }
    [Index(9)] public int Ok { get; init; }
    [Index(10)] public int Diverged { get; init; }
    [Index(11)] public int Failed { get; init; }
    [Index(12)] public double AccuracyMean { get; init; }
    [Index(13)] public double AccuracyStd { get; init; }
    [Index(14)] public double NllMean { get; init; }
    [Index(15)] public double NllStd { get; init; }
    [Index(16)] public double EceMean { get; init; }
    [Index(17)] public double EceStd { get; init; }
    [Index(18)] public double BrierMean { get; init; }
    [Index(19)] public double BrierStd { get; init; }
    [Index(20)] public double DisagreementMean { get; init; }
    [Index(21)] public double DisagreementStd { get; init; }
    [Index(22)] public double PairwiseKlMean { get; init; }
    [Index(23)] public double PairwiseKlStd { get; init; }
    [Index(24)] public double MemberAccuracyMean { get; init; }
    [Index(25)] public double TrainFlops { get; init; }
    [Index(26)] public double TrainFlopsRelDense { get; init; }
    [Index(27)] public double InferenceFlops { get; init; }
    [Index(28)] public double InferenceFlopsRelDense { get; init; }
    [Index(29)] public long Params { get; init; }
    [Index(30)] public double Density { get; init; }
    [Index(31)] public double WallSecondsMean { get; init; }

    // Measured times: volatile like wall_seconds_mean (never compared), optional so that tables written before they
    // existed still read (as NaN). Means over the seeds that finished.
    [Index(32), Optional] public double TrainSecondsMean { get; init; } = double.NaN;

    // train_seconds_mean / train_seconds_mean of the dense row of the same architecture and dataset; NaN without one.
    [Index(33), Optional] public double TrainTimeRelDense { get; init; } = double.NaN;
    [Index(34), Optional] public double InferMsB128Mean { get; init; } = double.NaN;
    [Index(35), Optional] public double InferMsB1Mean { get; init; } = double.NaN;

    [Index(36)] public string ConfigHash { get; init; } = "";
    [Index(37)] public string ToolVersion { get; init; } = "";
    [Index(38)] public string TorchSharpVersion { get; init; } = "";
    [Index(39)] public string LibTorchVersion { get; init; } = "";
    [Index(40)] public string Device { get; init; } = "";
    [Index(41)] public int Threads { get; init; }

    // Robustness (evaluation.ood / evaluation.corruptions); optional so that tables written before they existed still read.
    [Index(42)][Optional] public string OodDataset { get; init; } = "";
    [Index(43)][Optional] public double OodAurocMean { get; init; } = double.NaN;
    [Index(44)][Optional] public double OodAurocStd { get; init; } = double.NaN;
    [Index(45)][Optional] public double CorruptionAccuracyMean { get; init; } = double.NaN;
    [Index(46)][Optional] public double CorruptionAccuracyStd { get; init; } = double.NaN;
    [Index(47)][Optional] public double CorruptionNllMean { get; init; } = double.NaN;
    [Index(48)][Optional] public double CorruptionNllStd { get; init; } = double.NaN;
    [Index(49)][Optional] public double CorruptionEceMean { get; init; } = double.NaN;
    [Index(50)][Optional] public double CorruptionEceStd { get; init; } = double.NaN;
}
