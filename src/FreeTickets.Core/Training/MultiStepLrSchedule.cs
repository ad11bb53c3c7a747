namespace FreeTickets.Core.Training;

/// <summary>
/// lr0, multiplied by gamma at each milestone (fractions of the epochs; the paper: x0.1 at 50% and 75%).
/// Milestone epochs are floor(fraction * epochs), as PyTorch's MultiStepLR with integer milestones.
/// </summary>
public sealed class MultiStepLrSchedule(double initial, int epochs, IReadOnlyList<double> milestoneFractions, double gamma) : ILrSchedule
{
    private readonly int[] _milestones = [.. milestoneFractions.Select(f => (int)Math.Floor(f * epochs)).Order()];

    /// <inheritdoc />
    public double At(int epoch) => initial * Math.Pow(gamma, _milestones.Count(m => epoch >= m));
}
