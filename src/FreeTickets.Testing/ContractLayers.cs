using FreeTickets.Abstractions;
using FreeTickets.Core.Sparsity;
using FreeTickets.Core.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Testing;

/// <summary>Layers and engine runs for the contract suites. Callers own a dispose scope around every use.</summary>
public static class ContractLayers
{
    /// <summary>The cell seed of every engine update these helpers run (the update's generators derive from it).</summary>
    public const ulong CellSeed = 4321;

    /// <summary>
    /// A float32 layer of <paramref name="shape"/> with about half its positions active (masked weights), and, when
    /// <paramref name="withState"/>, a dense gradient, a masked SGD momentum and both dense-gradient statistics.
    /// </summary>
    /// <param name="shape">The weight's shape.</param>
    /// <param name="withState">Whether gradient, momentum and statistics are present (otherwise all are <c>null</c>).</param>
    /// <param name="seed">Seed of the random contents.</param>
    public static MaskedLayer Create(long[] shape, bool withState, ulong seed = 7)
    {
        using var generator = new Generator(seed, CPU);
        var mask = rand(shape, generator: generator).lt(0.5).to(ScalarType.Float32);
        var weight = randn(shape, generator: generator).mul_(mask);
        if (!withState)
        {
            return new MaskedLayer("layer.weight", weight, mask, null, null);
        }

        var gradient = randn(shape, generator: generator);
        var momentum = randn(shape, generator: generator).mul_(mask);
        return new MaskedLayer("layer.weight", weight, mask, gradient, momentum)
        {
            GradientMomentum = randn(shape, generator: generator),
            GradientSquareAverage = rand(shape, generator: generator),
        };
    }

    /// <summary>Every tensor of the layer (null ones skipped).</summary>
    /// <param name="layer">The layer.</param>
    public static IEnumerable<Tensor> Tensors(MaskedLayer layer) =>
        new[] { layer.Weight, layer.Mask, layer.Gradient, layer.Momentum, layer.GradientMomentum, layer.GradientSquareAverage }
            .Where(t => t is not null)
            .Select(t => t!);

    /// <summary>
    /// Trains a weight of <paramref name="shape"/> for three SGD steps at <paramref name="sparsity"/> (the engine's masking,
    /// dense-gradient statistics when the rule asks for them), then runs one engine update with the two plugins and checks
    /// that every count is exact.
    /// </summary>
    /// <param name="prune">The pruning criterion of the update.</param>
    /// <param name="regrow">The regrowth rule of the update.</param>
    /// <param name="shape">The weight's shape.</param>
    /// <param name="sparsity">Sparsity S of the layer.</param>
    /// <param name="drop">Drop fraction p of the update.</param>
    public static void AssertExactCounts(IPruningCriterion prune, IRegrowthRule regrow, long[] shape, double sparsity, double drop)
    {
        manual_seed(5);
        var weight = new Parameter(randn(shape));
        using var topology = SparseTopology.Create([("w", weight)], new UniformDensityDistribution(), sparsity, 99);
        using var sgd = new SgdOptimizer([("w", weight)], lr: 0.01, momentum: 0.9, weightDecay: 5e-4);
        if (regrow.GradientStatistics != GradientStatistics.None)
        {
            topology.TrackGradientStatistics(regrow.GradientStatistics, sgd.Momentum);
        }

        var expected = topology.ActiveCount("w");
        for (var step = 0; step < 3; step++)
        {
            sgd.ZeroGrad();
            weight.mul(randn(shape)).sum().backward();
            topology.AccumulateGradientStatistics();
            sgd.Step();
            topology.ApplyMasks();
            topology.ApplyMasksToMomentum(sgd);
        }

        var result = topology.Update(prune, regrow, drop, 3, sgd, CellSeed);

        var layer = Assert.Single(result.Layers);
        Assert.Equal(expected, layer.Active);
        Assert.Equal(SparseTopology.DropCount(drop, expected), layer.Pruned);
        Assert.Equal(layer.Pruned, layer.Grown);
        Assert.Equal(expected, topology.ActiveCount("w"));
        Assert.Equal(expected, topology.Layers[0].TargetActiveCount);
        Assert.Equal(0L, weight.mul(topology.Layers[0].Mask.eq(0)).count_nonzero().item<long>());
        Assert.Equal(0L, sgd.MomentumOf("w")!.mul(topology.Layers[0].Mask.eq(0)).count_nonzero().item<long>());
    }
}
