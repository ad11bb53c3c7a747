namespace FreeTickets.Core.Config;

/// <summary>How models are evaluated.</summary>
public sealed record EvaluationSettings
{
    /// <summary>Batch size of evaluation passes.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>Equal-width confidence bins of the ECE.</summary>
    public int EceBins { get; init; } = 15;
}
