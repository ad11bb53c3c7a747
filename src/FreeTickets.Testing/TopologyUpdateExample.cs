using FreeTickets.Abstractions;
using FreeTickets.Core.Sparsity;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Testing;

/// <summary>
/// Hand-computed examples through the engine's real mask update, on small weights written as 2-D arrays: what a
/// plugin's own test asserts after working the example out on paper.
/// </summary>
public static class TopologyUpdateExample
{
    /// <summary>
    /// One topology update of a single layer: one backward pass sets the dense gradient to <paramref name="gradient"/>,
    /// magnitude pruning drops the fraction <paramref name="dropFraction"/> of the active weights (rounded as the engine
    /// does), then <paramref name="rule"/> regrows as many among the positions inactive after the prune (the pruned ones
    /// included). Rules that ask for gradient statistics get them from that one gradient (momentum factor 0.9).
    /// </summary>
    /// <param name="rule">The rule under test.</param>
    /// <param name="weight">The weights (entries where <paramref name="mask"/> is 0 are zeroed first).</param>
    /// <param name="mask">0/1 mask of the same shape.</param>
    /// <param name="gradient">The dense gradient of the same shape.</param>
    /// <param name="dropFraction">Fraction p of the active weights that is pruned and regrown.</param>
    /// <param name="step">The step of the update (the generator of <see cref="MaskUpdateContext"/> derives from it).</param>
    /// <returns>The mask after the update.</returns>
    public static float[,] MaskAfterRegrowth(IRegrowthRule rule, float[,] weight, float[,] mask, float[,] gradient, double dropFraction, long step = 10)
    {
        ArgumentNullException.ThrowIfNull(rule);
        TorchTestSetup.Initialize();
        using var scope = NewDisposeScope();
        var maskTensor = ToTensor(mask);
        var parameter = new Parameter(ToTensor(weight).mul(maskTensor));
        using var topology = SparseTopology.FromMasks([("w", parameter, maskTensor)]);
        if (rule.GradientStatistics != GradientStatistics.None)
        {
            topology.TrackGradientStatistics(rule.GradientStatistics, 0.9);
        }

        parameter.mul(ToTensor(gradient)).sum().backward();
        topology.AccumulateGradientStatistics();
        topology.Update(new MagnitudeTestCriterion(), rule, dropFraction, step, null, ContractLayers.CellSeed);
        return ToArray(topology.Layers[0].Mask, mask.GetLength(0), mask.GetLength(1));
    }

    /// <summary>A float32 CPU tensor of the array's shape and values.</summary>
    /// <param name="values">Row-major values.</param>
    public static Tensor ToTensor(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return tensor(values.Cast<float>().ToArray()).reshape(values.GetLength(0), values.GetLength(1));
    }

    /// <summary>The values of a 2-D tensor as an array (for <c>Assert.Equal</c>).</summary>
    /// <param name="values">A tensor of <paramref name="rows"/> x <paramref name="columns"/> elements.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    public static float[,] ToArray(Tensor values, long rows, long columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        var flat = values.detach().to(ScalarType.Float32).cpu().reshape(-1).data<float>().ToArray();
        var result = new float[rows, columns];
        for (var i = 0; i < flat.Length; i++)
        {
            result[i / columns, i % columns] = flat[i];
        }

        return result;
    }
}
