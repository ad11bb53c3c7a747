namespace FreeTickets.Core.Sparsity;

internal static class DensityChecks
{
    public static void ThrowIfInvalidSparsity(double sparsity)
    {
        if (double.IsNaN(sparsity) || sparsity < 0.0 || sparsity >= 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "sparsity must be in [0, 1)");
        }
    }

    public static long Count(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(d => d <= 0))
        {
            throw new ArgumentException($"a sparsifiable weight needs a non-empty shape of positive dimensions (got [{string.Join(", ", shape)}])", nameof(shape));
        }

        return shape.Aggregate(1L, (a, d) => checked(a * d));
    }
}
