using FreeTickets.Abstractions;

namespace FreeTickets.Core.Flops;

/// <summary>
/// FLOPs accounting in the RigL convention (Evci et al. 2020, appendix H; docs/architecture.md#flops): only Linear and
/// convolution MACs count, 1 MAC = 2 FLOPs; f_D is the dense forward cost per example, f_S the sparse one at given
/// per-layer densities. A backward pass costs twice a forward, so a training example costs 3 forwards.
/// </summary>
public static class FlopsCalculator
{
    /// <summary>f_D: dense forward FLOPs per example.</summary>
    public static double DenseForwardFlops(ModelCost cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        return 2.0 * cost.DenseMacsPerExample;
    }

    /// <summary>
    /// f_S: forward FLOPs per example with each sparsifiable layer at its density (keyed by parameter name, every
    /// sparsifiable layer required); dense layers count in full.
    /// </summary>
    public static double SparseForwardFlops(ModelCost cost, IReadOnlyDictionary<string, double> densities)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(densities);
        var macs = cost.DenseLayers.Sum(l => (double)l.MacsPerExample);
        foreach (var layer in cost.SparsifiableLayers)
        {
            macs += layer.MacsPerExample * DensityOf(layer, densities);
        }

        return 2.0 * macs;
    }

    /// <summary>Training FLOPs per example of dense training: 3 f_D.</summary>
    public static double DenseTrainingFlopsPerExample(double denseForwardFlops) => 3.0 * denseForwardFlops;

    /// <summary>
    /// Training FLOPs per example of sparse training whose regrowth costs <paramref name="regrowthCost"/>:
    /// SparseOnly 3 f_S; DenseGradientAtUpdates (3 f_S dT + 2 f_S + f_D) / (dT + 1) with dT =
    /// <paramref name="updateInterval"/> iterations; DenseGradientEveryStep 2 f_S + f_D.
    /// </summary>
    public static double SparseTrainingFlopsPerExample(
        RegrowthCost regrowthCost, double sparseForwardFlops, double denseForwardFlops, int updateInterval)
    {
        var fS = sparseForwardFlops;
        var fD = denseForwardFlops;
        switch (regrowthCost)
        {
            case RegrowthCost.SparseOnly:
                return 3.0 * fS;
            case RegrowthCost.DenseGradientAtUpdates:
                ArgumentOutOfRangeException.ThrowIfLessThan(updateInterval, 1);
                return ((3.0 * fS * updateInterval) + (2.0 * fS) + fD) / (updateInterval + 1.0);
            case RegrowthCost.DenseGradientEveryStep:
                return (2.0 * fS) + fD;
            default:
                throw new ArgumentOutOfRangeException(nameof(regrowthCost), regrowthCost, "unknown regrowth cost");
        }
    }

    /// <summary>Training FLOPs of one run: per-example cost times epochs times training examples.</summary>
    public static double TrainingFlops(double perExampleCost, double epochs, long trainExamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        ArgumentOutOfRangeException.ThrowIfNegative(trainExamples);
        return perExampleCost * epochs * trainExamples;
    }

    /// <summary>Inference FLOPs per example of an ensemble: the sum of its members' f_S.</summary>
    public static double EnsembleInferenceFlops(IEnumerable<double> memberForwardFlops)
    {
        ArgumentNullException.ThrowIfNull(memberForwardFlops);
        return memberForwardFlops.Sum();
    }

    /// <summary>Parameters of a sparse model: its active (nonzero) weights plus the dense parameters.</summary>
    public static long Params(ModelCost cost, long activeWeights)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentOutOfRangeException.ThrowIfNegative(activeWeights);
        return activeWeights + cost.DenseParams;
    }

    /// <summary>
    /// Active weights implied by per-layer densities, each layer rounded to the nearest whole weight.
    /// </summary>
    public static long ActiveWeights(ModelCost cost, IReadOnlyDictionary<string, double> densities)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(densities);
        return cost.SparsifiableLayers.Sum(l => (long)Math.Round(l.Weights * DensityOf(l, densities), MidpointRounding.AwayFromZero));
    }

    private static double DensityOf(LayerCost layer, IReadOnlyDictionary<string, double> densities)
    {
        if (!densities.TryGetValue(layer.Name, out var density))
        {
            throw new ArgumentException($"no density given for sparsifiable layer '{layer.Name}'", nameof(densities));
        }

        if (density is < 0.0 or > 1.0 || double.IsNaN(density))
        {
            throw new ArgumentOutOfRangeException(nameof(densities), density, $"density of '{layer.Name}' must lie in [0, 1]");
        }

        return density;
    }
}
