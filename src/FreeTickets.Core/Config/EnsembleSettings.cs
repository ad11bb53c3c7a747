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

    /// <summary>
    /// EDST refinement learning rates: <c>relative</c> (lr0 / 10, then lr0 / 100) or <c>absolute</c> (0.01, then 0.001
    /// whatever lr0, as the released FreeTickets code sets them). The same at the paper's lr0 of 0.1.
    /// </summary>
    public string RefineRates { get; init; } = Training.RefineRates.Relative;
}
