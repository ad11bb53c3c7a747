using FreeTickets.Core.Training;

namespace FreeTickets.Core.Methods;

/// <summary>What a method produced for one cell.</summary>
/// <param name="Members">Members (tickets), in order.</param>
/// <param name="Curves">Per-epoch statistics of every training run of the cell.</param>
/// <param name="TrainingEpochs">Sum over training runs of their epochs (EDST: one run).</param>
public sealed record MethodOutcome(IReadOnlyList<MemberOutcome> Members, IReadOnlyList<EpochStats> Curves, int TrainingEpochs) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var m in Members)
        {
            m.Dispose();
        }
    }
}
