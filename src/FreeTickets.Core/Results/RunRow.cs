using CsvHelper.Configuration.Attributes;

namespace FreeTickets.Core.Results;

/// <summary>One row of runs.csv: one cell (all members and the ensemble).</summary>
public sealed record RunRow
{
    private readonly string _execution = "";

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

    // How the sparse layers computed (masked or sparse; dense for dense methods). A row written before the column
    // existed reads as what it ran with then (ExecutionColumn.Default).
    [Index(8), Optional]
    public string Execution { get => ExecutionColumn.Of(Method, _execution); init => _execution = value ?? ""; }

    [Index(9)] public long Seed { get; init; }
    [Index(10)] public CellStatus Status { get; init; }
    [Index(11)] public string StatusDetail { get; init; } = "";
    [Index(12)] public int Members { get; init; }
    [Index(13)] public int TrainingEpochs { get; init; }
    [Index(14)] public double Accuracy { get; init; } = double.NaN;
    [Index(15)] public double Nll { get; init; } = double.NaN;
    [Index(16)] public double Ece { get; init; } = double.NaN;
    [Index(17)] public double Brier { get; init; } = double.NaN;
    [Index(18)] public double Disagreement { get; init; } = double.NaN;
    [Index(19)] public double PairwiseKl { get; init; } = double.NaN;
    [Index(20)] public double MemberAccuracyMean { get; init; } = double.NaN;
    [Index(21)] public double TrainFlops { get; init; } = double.NaN;
    [Index(22)] public double TrainFlopsRelDense { get; init; } = double.NaN;
    [Index(23)] public double InferenceFlops { get; init; } = double.NaN;
    [Index(24)] public double InferenceFlopsRelDense { get; init; } = double.NaN;
    [Index(25)] public long Params { get; init; }
    [Index(26)] public double Density { get; init; } = double.NaN;
    [Index(27)] public double WallSeconds { get; init; }
    [Index(28)] public double PeakRssMb { get; init; }

    // Measured times: volatile like wall_seconds (never compared), optional so that tables written before they existed
    // still read (as NaN). Wall seconds spent training the cell (every run; evaluation and timing passes excluded).
    [Index(29), Optional] public double TrainSeconds { get; init; } = double.NaN;

    // train_seconds / train_seconds of the dense cell of the same architecture, dataset and seed in the same table:
    // computed when the tables are built (TrainingTimes), NaN without that dense cell; cell records keep NaN.
    [Index(30), Optional] public double TrainTimeRelDense { get; init; } = double.NaN;

    // Inference time of the whole ensemble per batch of 128 (of 1) test examples: the sum over its members of each
    // one's median forward time, in milliseconds; NaN when a member was not timed.
    [Index(31), Optional] public double InferMsB128 { get; init; } = double.NaN;
    [Index(32), Optional] public double InferMsB1 { get; init; } = double.NaN;

    [Index(33)] public string ConfigHash { get; init; } = "";
    [Index(34)] public string ToolVersion { get; init; } = "";
    [Index(35)] public string TorchSharpVersion { get; init; } = "";
    [Index(36)] public string LibTorchVersion { get; init; } = "";
    [Index(37)] public string Device { get; init; } = "";
    [Index(38)] public int Threads { get; init; }

    // Robustness (evaluation.ood / evaluation.corruptions); optional so that tables written before they existed still read.
    [Index(39)][Optional] public string OodDataset { get; init; } = "";
    [Index(40)][Optional] public double OodAuroc { get; init; } = double.NaN;
    [Index(41)][Optional] public double CorruptionAccuracy { get; init; } = double.NaN;
    [Index(42)][Optional] public double CorruptionNll { get; init; } = double.NaN;
    [Index(43)][Optional] public double CorruptionEce { get; init; } = double.NaN;
}
