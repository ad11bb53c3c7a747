using CsvHelper.Configuration.Attributes;

namespace FreeTickets.Core.Results;

/// <summary>One row of members.csv: one ensemble member (EDST ticket).</summary>
public sealed record MemberRow
{
    [Index(0)] public string Matrix { get; init; } = "";
    [Index(1)] public string CellId { get; init; } = "";
    [Index(2)] public string Method { get; init; } = "";
    [Index(3)] public string Architecture { get; init; } = "";
    [Index(4)] public string Dataset { get; init; } = "";
    [Index(5)] public double Sparsity { get; init; }
    [Index(6)] public long Seed { get; init; }
    [Index(7)] public int Member { get; init; }
    // Optional: tables written before members had independent seeds lack it.
    [Index(8), Optional] public long MemberSeed { get; init; }
    [Index(9)] public int SelectedEpoch { get; init; }
    [Index(10)] public double Accuracy { get; init; }
    [Index(11)] public double Nll { get; init; }
    [Index(12)] public double Ece { get; init; }
    [Index(13)] public double Brier { get; init; }
    [Index(14)] public double Density { get; init; }
    [Index(15)] public long Params { get; init; }
    [Index(16)] public double InferenceFlops { get; init; }
    [Index(17)] public int TopologyUpdates { get; init; }
    [Index(18)] public string ConfigHash { get; init; } = "";
    [Index(19)] public string ToolVersion { get; init; } = "";
    [Index(20)] public string TorchSharpVersion { get; init; } = "";
    [Index(21)] public string LibTorchVersion { get; init; } = "";
    [Index(22)] public string Device { get; init; } = "";
    [Index(23)] public int Threads { get; init; }
}
