namespace FreeTickets.Core.Training;

/// <summary>
/// The EDST timeline: exploration epochs at lr0, then M refinement phases of R epochs each, the first half of a phase
/// (ceil(R/2) epochs) at lr0/10 and the second half at lr0/100 (paper: 0.1, then 0.01 and 0.001). Ticket k comes from
/// phase k: its best-validation epoch, or its last epoch without selectBest.
/// </summary>
/// <param name="initial">lr0, the exploration learning rate.</param>
/// <param name="exploreEpochs">Exploration epochs.</param>
/// <param name="refineEpochs">Epochs per refinement phase.</param>
/// <param name="members">Tickets M.</param>
/// <param name="absoluteRefineRates">Refine at 0.01 then 0.001 whatever lr0, as the released code does
/// (<see cref="RefineRates.Absolute"/>), instead of lr0 / 10 then lr0 / 100.</param>
public sealed class EdstSchedule(double initial, int exploreEpochs, int refineEpochs, int members, bool absoluteRefineRates = false) : ILrSchedule
{
    /// <summary>Exploration epochs.</summary>
    public int ExploreEpochs { get; } = exploreEpochs;

    /// <summary>Epochs per refinement phase.</summary>
    public int RefineEpochs { get; } = refineEpochs;

    /// <summary>Number of tickets M.</summary>
    public int Members { get; } = members;

    /// <summary>Total epochs: E_explore + M * E_refine.</summary>
    public int TotalEpochs => ExploreEpochs + (Members * RefineEpochs);

    /// <summary>Refinement phase of an epoch (0..M-1), or -1 during exploration.</summary>
    public int PhaseOf(int epoch) => epoch < ExploreEpochs ? -1 : (epoch - ExploreEpochs) / RefineEpochs;

    /// <summary>Whether <paramref name="epoch"/> is the last epoch of a refinement phase (a ticket is taken after it).</summary>
    public bool EndsPhase(int epoch) => epoch >= ExploreEpochs && (epoch - ExploreEpochs + 1) % RefineEpochs == 0;

    /// <inheritdoc />
    public double At(int epoch)
    {
        if (epoch < ExploreEpochs)
        {
            return initial;
        }

        // An odd phase gives its first half the extra epoch, as the released code does (np.ceil of the phase midpoint).
        var inPhase = (epoch - ExploreEpochs) % RefineEpochs;
        var refineBase = absoluteRefineRates ? 0.1 : initial;
        return inPhase < (RefineEpochs + 1) / 2 ? refineBase * 0.1 : refineBase * 0.01;
    }
}
