namespace FreeTickets.Core.Sparsity;

/// <summary>Name -> drop-fraction schedule factory used by configuration files.</summary>
public static class DropSchedules
{
    /// <summary>Known names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["constant", "cosine"];

    /// <summary>
    /// Creates the schedule called <paramref name="name"/> (case-insensitive). <c>constant</c> uses only
    /// <paramref name="initial"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No schedule has that name; the message lists the known ones.</exception>
    public static IDropSchedule Create(string name, double initial, double minimum, long totalSteps)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "constant" => new ConstantDropSchedule(initial),
            "cosine" => new CosineDropSchedule(initial, minimum, totalSteps),
            _ => throw new ArgumentException($"unknown drop schedule '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
        };
    }

    internal static void ThrowIfInvalidFraction(double value, string parameterName)
    {
        if (double.IsNaN(value) || value < 0.0 || value > 1.0)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "a drop fraction must be in [0, 1]");
        }
    }
}
