using FreeTickets.Abstractions;
using FreeTickets.Core.Sparsity;
using FreeTickets.Core.Training;
using FreeTickets.Plugins.Pruning.Magnitude;
using FreeTickets.Plugins.Regrowth.Random;
using FreeTickets.Testing;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Sparsity;

/// <summary>
/// The hand-computed 8-weight examples: a 2x4 weight, its mask and gradients, run through the real engine. Callers own a
/// dispose scope.
/// </summary>
internal static class EightWeights
{
    /// <summary>The criterion's score of the layer (weight already masked), with the dense gradient when given.</summary>
    public static float[] PruneScore(IPruningCriterion criterion, float[] weight, float[] mask, float[]? gradient = null)
    {
        var layer = new MaskedLayer("w", Tensor(weight).mul(Tensor(mask)), Tensor(mask), gradient is null ? null : Tensor(gradient), null);
        using var generator = new Generator(1, CPU);
        return criterion.Score(layer, new MaskUpdateContext(0, 0.5, generator)).reshape(-1).data<float>().ToArray();
    }

    /// <summary>
    /// One engine update pruning with <paramref name="criterion"/> (regrowing at random) after one backward pass with
    /// <paramref name="gradient"/>; returns the weights afterwards: the kept ones unchanged, every other position zero.
    /// </summary>
    public static float[] WeightsAfterPruning(IPruningCriterion criterion, float[] weight, float[] mask, double dropFraction, float[]? gradient = null, long step = 10)
    {
        var parameter = new Parameter(Tensor(weight));
        using var topology = SparseTopology.FromMasks([("w", parameter, Tensor(mask))]);
        if (gradient is not null)
        {
            parameter.mul(Tensor(gradient)).sum().backward();
        }

        topology.Update(criterion, new RandomRegrowthRule(), dropFraction, step, null, ContractLayers.CellSeed);
        return parameter.detach().reshape(-1).data<float>().ToArray();
    }

    /// <summary>
    /// Two SGD steps at learning rate 0 (weights stay put) with the gradients <paramref name="gradients"/>, the engine's
    /// dense-gradient statistics (momentum factor <paramref name="momentum"/>) when the rule asks for them, then one update
    /// pruning by magnitude and regrowing with <paramref name="rule"/>. Returns the topology's layer for inspection.
    /// </summary>
    public static (SparseTopology Topology, Parameter Weight) Regrow(
        IRegrowthRule rule, float[] weight, float[] mask, float[][] gradients, double momentum, double dropFraction)
    {
        var parameter = new Parameter(Tensor(weight));
        var topology = SparseTopology.FromMasks([("w", parameter, Tensor(mask))]);
        using var sgd = new SgdOptimizer([("w", parameter)], lr: 0.0, momentum: momentum, weightDecay: 0.0);
        if (rule.GradientStatistics != GradientStatistics.None)
        {
            topology.TrackGradientStatistics(rule.GradientStatistics, momentum);
        }

        foreach (var gradient in gradients)
        {
            sgd.ZeroGrad();
            parameter.mul(Tensor(gradient)).sum().backward();
            topology.AccumulateGradientStatistics();
            sgd.Step();
            topology.ApplyMasks();
            topology.ApplyMasksToMomentum(sgd);
        }

        topology.Update(new MagnitudePruningCriterion(), rule, dropFraction, gradients.Length, sgd, ContractLayers.CellSeed);
        return (topology, parameter);
    }

    public static Tensor Tensor(float[] values) => tensor(values).reshape(2, 4);

    public static float[] Flat(Tensor tensor) => tensor.detach().reshape(-1).data<float>().ToArray();
}
