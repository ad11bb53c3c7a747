using FreeTickets.Core.Training;

namespace FreeTickets.Core.Methods;

/// <summary>What a method produced for one cell.</summary>
/// <param name="Members">Members (tickets), in order.</param>
/// <param name="Curves">Per-epoch statistics of every training run of the cell.</param>
/// <param name="TrainingEpochs">Sum over training runs of their epochs (EDST: one run).</param>
public sealed record MethodOutcome(IReadOnlyList<MemberOutcome> Members, IReadOnlyList<EpochStats> Curves, int TrainingEpochs) : IDisposable
{
    /// <summary>
    /// Wall-clock seconds spent training (every run of the cell, resumed time included; evaluation and timing passes
    /// excluded); NaN when not measured.
    /// </summary>
    public double TrainingSeconds { get; init; } = double.NaN;

    /// <summary>
    /// The training time of a cell from its curves: each run's last epoch stamp (its cumulative training seconds, resumed
    /// time included, test evaluations excluded), summed over the runs.
    /// </summary>
    public static double TrainingSecondsOf(IEnumerable<EpochStats> curves) =>
        curves.GroupBy(c => c.Member).Sum(run => run.Max(c => c.WallSeconds));

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var m in Members)
        {
            m.Dispose();
        }
    }
}
