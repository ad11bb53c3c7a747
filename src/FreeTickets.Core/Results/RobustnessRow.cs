using CsvHelper.Configuration.Attributes;

namespace FreeTickets.Core.Results;

/// <summary>
/// One row of robustness.csv: the ensemble (mean of member softmax) of one cell on one extra set: an OoD test set
/// (AUROC of the max softmax, in-distribution positive) or the test set under one corruption at one severity.
/// </summary>
public sealed record RobustnessRow
{
    [Index(0)] public string Matrix { get; init; } = "";
    [Index(1)] public string CellId { get; init; } = "";
    [Index(2)] public string Method { get; init; } = "";
    [Index(3)] public string Architecture { get; init; } = "";
    [Index(4)] public string Dataset { get; init; } = "";
    [Index(5)] public double Sparsity { get; init; }
    [Index(6)] public long Seed { get; init; }
    [Index(7)] public string Kind { get; init; } = "";
    [Index(8)] public string Name { get; init; } = "";
    [Index(9)] public int Severity { get; init; }
    [Index(10)] public double Accuracy { get; init; } = double.NaN;
    [Index(11)] public double Nll { get; init; } = double.NaN;
    [Index(12)] public double Ece { get; init; } = double.NaN;
    [Index(13)] public double Auroc { get; init; } = double.NaN;
    [Index(14)] public string ConfigHash { get; init; } = "";
}
