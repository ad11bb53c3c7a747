namespace FreeTickets.Core.Sparsity;

/// <summary>
/// Erdos-Renyi (Mocanu et al. 2018, SET): density proportional to (out + in) / (out * in), ignoring kernel
/// dimensions.
/// </summary>
public sealed class ErDensityDistribution : ScaledDensityDistribution
{
    /// <inheritdoc />
    public override string Name => "er";

    /// <inheritdoc />
    protected override double Score(long[] shape)
    {
        DensityChecks.Count(shape);
        if (shape.Length < 2)
        {
            throw new ArgumentException($"er needs weights of rank >= 2 (got [{string.Join(", ", shape)}])", nameof(shape));
        }

        return (double)(shape[0] + shape[1]) / ((double)shape[0] * shape[1]);
    }
}
