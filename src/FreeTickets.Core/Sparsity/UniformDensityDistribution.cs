namespace FreeTickets.Core.Sparsity;

/// <summary>Every layer gets the same density, 1 - sparsity.</summary>
public sealed class UniformDensityDistribution : IDensityDistribution
{
    /// <inheritdoc />
    public string Name => "uniform";

    /// <inheritdoc />
    public IReadOnlyList<double> Densities(IReadOnlyList<long[]> shapes, double sparsity)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        DensityChecks.ThrowIfInvalidSparsity(sparsity);
        foreach (var shape in shapes)
        {
            DensityChecks.Count(shape);
        }

        return Enumerable.Repeat(1.0 - sparsity, shapes.Count).ToArray();
    }
}
