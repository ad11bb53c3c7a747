using CsvHelper.Configuration.Attributes;

namespace FreeTickets.Core.Results;

/// <summary>One row of curves.csv: one epoch of one training run.</summary>
public sealed record CurveRow
{
    [Index(0)] public string Matrix { get; init; } = "";
    [Index(1)] public string CellId { get; init; } = "";
    [Index(2)] public string Method { get; init; } = "";
    [Index(3)] public double Sparsity { get; init; }
    [Index(4)] public long Seed { get; init; }
    [Index(5)] public int Run { get; init; }
    [Index(6)] public int Epoch { get; init; }
    [Index(7)] public string Phase { get; init; } = "";
    [Index(8)] public double LearningRate { get; init; }
    [Index(9)] public double TrainLoss { get; init; }
    [Index(10)] public double TrainAccuracy { get; init; }
    [Index(11)] public double ValidationLoss { get; init; }
    [Index(12)] public double ValidationAccuracy { get; init; }
    [Index(13)] public double Density { get; init; }
    [Index(14)] public long Step { get; init; }
    [Index(15)] public double WallSeconds { get; init; }
    [Index(16)] public string ConfigHash { get; init; } = "";
}
