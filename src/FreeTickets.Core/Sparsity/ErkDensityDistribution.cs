namespace FreeTickets.Core.Sparsity;

/// <summary>
/// Erdos-Renyi-Kernel (Evci et al. 2020, RigL): density proportional to the sum of all dimensions of the weight
/// over their product, so a conv [out, in, kh, kw] scores (out + in + kh + kw) / (out * in * kh * kw).
/// </summary>
public sealed class ErkDensityDistribution : ScaledDensityDistribution
{
    /// <inheritdoc />
    public override string Name => "erk";

    /// <inheritdoc />
    protected override double Score(long[] shape) =>
        shape.Sum(d => (double)d) / DensityChecks.Count(shape);
}
