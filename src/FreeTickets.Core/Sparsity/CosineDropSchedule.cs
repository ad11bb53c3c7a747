namespace FreeTickets.Core.Sparsity;

/// <summary>
/// Cosine decay of the drop fraction (RigL): p_t = p_min + (p0 - p_min)(1 + cos(pi t / T)) / 2, held at p_min
/// after T. The original FreeTickets code computes this value but never uses it (docs/architecture.md#drop-schedules).
/// </summary>
public sealed class CosineDropSchedule : IDropSchedule
{
    /// <summary>Creates the schedule.</summary>
    public CosineDropSchedule(double initial, double minimum, long totalSteps)
    {
        DropSchedules.ThrowIfInvalidFraction(initial, nameof(initial));
        DropSchedules.ThrowIfInvalidFraction(minimum, nameof(minimum));
        if (totalSteps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "the cosine schedule needs a positive number of steps");
        }

        Initial = initial;
        Minimum = minimum;
        TotalSteps = totalSteps;
    }

    /// <inheritdoc />
    public string Name => "cosine";

    /// <summary>p0, the value at step 0.</summary>
    public double Initial { get; }

    /// <summary>p_min, the value from step T on.</summary>
    public double Minimum { get; }

    /// <summary>T, the length of the decay in steps.</summary>
    public long TotalSteps { get; }

    /// <inheritdoc />
    public double At(long step)
    {
        var t = Math.Clamp(step, 0L, TotalSteps);
        return Minimum + ((Initial - Minimum) * (1.0 + Math.Cos(Math.PI * t / TotalSteps)) / 2.0);
    }
}
