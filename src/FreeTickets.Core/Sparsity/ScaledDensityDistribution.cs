namespace FreeTickets.Core.Sparsity;

/// <summary>
/// Shared solver of the Erdos-Renyi family: density_l = epsilon * score_l, with epsilon chosen so that the
/// number of active weights matches the budget, and the iterative dense fallback of RigL / sparselearning
/// (a layer whose density would exceed 1 is made dense and epsilon is recomputed over the others).
/// </summary>
public abstract class ScaledDensityDistribution : IDensityDistribution
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>Unnormalised density of a layer of this shape.</summary>
    protected abstract double Score(long[] shape);

    /// <inheritdoc />
    public IReadOnlyList<double> Densities(IReadOnlyList<long[]> shapes, double sparsity)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        DensityChecks.ThrowIfInvalidSparsity(sparsity);

        var counts = shapes.Select(DensityChecks.Count).ToArray();
        var scores = shapes.Select(Score).ToArray();
        var dense = new bool[shapes.Count];
        var total = counts.Sum(c => (double)c);
        var budget = (1.0 - sparsity) * total;
        var epsilon = 0.0;

        // Making a layer dense that would exceed 1 frees budget, so epsilon only grows: every layer that exceeds
        // now still exceeds after the recomputation, and marking all of them at once gives the same fixed point
        // as RigL's one-at-a-time loop in fewer rounds.
        while (true)
        {
            var remaining = budget;
            var divisor = 0.0;
            for (var l = 0; l < counts.Length; l++)
            {
                if (dense[l])
                {
                    remaining -= counts[l];
                }
                else
                {
                    divisor += scores[l] * counts[l];
                }
            }

            if (divisor <= 0)
            {
                break;
            }

            epsilon = remaining / divisor;
            var changed = false;
            for (var l = 0; l < counts.Length; l++)
            {
                if (!dense[l] && epsilon * scores[l] > 1.0)
                {
                    dense[l] = true;
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        var densities = new double[counts.Length];
        for (var l = 0; l < counts.Length; l++)
        {
            densities[l] = dense[l] ? 1.0 : Math.Clamp(epsilon * scores[l], 0.0, 1.0);
        }

        return densities;
    }
}
