namespace FreeTickets.Core.Config;

/// <summary>Ensemble size and EDST phases.</summary>
public sealed record EnsembleSettings
{
    /// <summary>Members M (tickets for EDST).</summary>
    public int Members { get; init; } = 3;

    /// <summary>EDST exploration epochs at the initial learning rate.</summary>
    public int ExploreEpochs { get; init; } = 150;

    /// <summary>EDST epochs per refinement phase (first half at lr/10, second half at lr/100).</summary>
    public int RefineEpochs { get; init; } = 100;

    /// <summary>EDST global exploration rate q applied between refinement phases.</summary>
    public double ExplorationRate { get; init; } = 0.8;
}
