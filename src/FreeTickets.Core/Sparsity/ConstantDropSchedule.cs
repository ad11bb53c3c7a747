namespace FreeTickets.Core.Sparsity;

/// <summary>The same drop fraction at every update.</summary>
public sealed class ConstantDropSchedule : IDropSchedule
{
    /// <summary>Creates the schedule.</summary>
    public ConstantDropSchedule(double dropFraction)
    {
        DropSchedules.ThrowIfInvalidFraction(dropFraction, nameof(dropFraction));
        DropFraction = dropFraction;
    }

    /// <inheritdoc />
    public string Name => "constant";

    /// <summary>The constant p.</summary>
    public double DropFraction { get; }

    /// <inheritdoc />
    public double At(long step) => DropFraction;
}
