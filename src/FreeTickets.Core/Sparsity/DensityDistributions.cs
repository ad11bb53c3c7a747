namespace FreeTickets.Core.Sparsity;

/// <summary>Name -> density distribution registry used by configuration files.</summary>
public static class DensityDistributions
{
    private static readonly IReadOnlyDictionary<string, IDensityDistribution> _byName =
        new IDensityDistribution[] { new ErkDensityDistribution(), new ErDensityDistribution(), new UniformDensityDistribution() }
            .ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Known names, in registry order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["erk", "er", "uniform"];

    /// <summary>The distribution called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No distribution has that name; the message lists the known ones.</exception>
    public static IDensityDistribution Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name.Trim(), out var distribution)
            ? distribution
            : throw new ArgumentException($"unknown density distribution '{name}' (known: {string.Join(", ", Names)})", nameof(name));
    }
}
