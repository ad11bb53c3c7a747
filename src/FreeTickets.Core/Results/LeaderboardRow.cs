using CsvHelper.Configuration.Attributes;

namespace FreeTickets.Core.Results;

/// <summary>One row of leaderboard.csv: method x architecture x dataset x sparsity, mean and std over seeds.</summary>
public sealed record LeaderboardRow
{
    [Index(0)] public string Method { get; init; } = "";
    [Index(1)] public string Architecture { get; init; } = "";
    [Index(2)] public string Dataset { get; init; } = "";
    [Index(3)] public double Sparsity { get; init; }
    [Index(4), Optional] public string Prune { get; init; } = "";
    [Index(5), Optional] public string Regrow { get; init; } = "";
    [Index(6)] public int Members { get; init; }
    [Index(7)] public int Seeds { get; init; }
    [Index(8)] public int Ok { get; init; }
    [Index(9)] public int Diverged { get; init; }
    [Index(10)] public int Failed { get; init; }
    [Index(11)] public double AccuracyMean { get; init; }
    [Index(12)] public double AccuracyStd { get; init; }
    [Index(13)] public double NllMean { get; init; }
    [Index(14)] public double NllStd { get; init; }
    [Index(15)] public double EceMean { get; init; }
    [Index(16)] public double EceStd { get; init; }
    [Index(17)] public double BrierMean { get; init; }
    [Index(18)] public double BrierStd { get; init; }
    [Index(19)] public double DisagreementMean { get; init; }
    [Index(20)] public double DisagreementStd { get; init; }
    [Index(21)] public double PairwiseKlMean { get; init; }
    [Index(22)] public double PairwiseKlStd { get; init; }
    [Index(23)] public double MemberAccuracyMean { get; init; }
    [Index(24)] public double TrainFlops { get; init; }
    [Index(25)] public double TrainFlopsRelDense { get; init; }
    [Index(26)] public double InferenceFlops { get; init; }
    [Index(27)] public double InferenceFlopsRelDense { get; init; }
    [Index(28)] public long Params { get; init; }
    [Index(29)] public double Density { get; init; }
    [Index(30)] public double WallSecondsMean { get; init; }
    [Index(31)] public string ConfigHash { get; init; } = "";
    [Index(32)] public string ToolVersion { get; init; } = "";
    [Index(33)] public string TorchSharpVersion { get; init; } = "";
    [Index(34)] public string LibTorchVersion { get; init; } = "";
    [Index(35)] public string Device { get; init; } = "";
    [Index(36)] public int Threads { get; init; }

    // Robustness (evaluation.ood / evaluation.corruptions); optional so that tables written before they existed still read.
    [Index(37)][Optional] public string OodDataset { get; init; } = "";
    [Index(38)][Optional] public double OodAurocMean { get; init; } = double.NaN;
    [Index(39)][Optional] public double OodAurocStd { get; init; } = double.NaN;
    [Index(40)][Optional] public double CorruptionAccuracyMean { get; init; } = double.NaN;
    [Index(41)][Optional] public double CorruptionAccuracyStd { get; init; } = double.NaN;
    [Index(42)][Optional] public double CorruptionNllMean { get; init; } = double.NaN;
    [Index(43)][Optional] public double CorruptionNllStd { get; init; } = double.NaN;
    [Index(44)][Optional] public double CorruptionEceMean { get; init; } = double.NaN;
    [Index(45)][Optional] public double CorruptionEceStd { get; init; } = double.NaN;
}
