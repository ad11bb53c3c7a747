using BenchmarkDotNet.Attributes;
using FreeTickets.Benchmarks.Infrastructure;

namespace FreeTickets.Benchmarks.Sparsity;

/// <summary>
/// What a sparse run adds to an optimizer step of one layer, against the SGD update of the same layer as the baseline:
/// gradient *= mask before the update (<c>SparseTopology.MaskGradients</c>, what <c>TrainingLoop</c> does on every step
/// that no topology update follows), and weights *= mask plus momentum *= mask after it (<c>ApplyMasks</c> +
/// <c>ApplyMasksToMomentum</c>, on the steps whose dense gradient must survive).
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet generates a subclass of every benchmark class.</remarks>
public class MaskApplyBenchmarks
{
    private LayerFixture? _layer;

    /// <summary>Weights in the layer.</summary>
    [Params(10_000, 100_000, 1_000_000, 10_000_000)]
    public int Weights { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkTorch.Initialize();
        _layer = new LayerFixture(Weights, seed: 42);
    }

    [GlobalCleanup]
    public void Cleanup() => _layer?.Dispose();

    /// <summary>One SGD update (weight decay, momentum) of the layer, as on most steps (in the gradient's storage).</summary>
    [Benchmark(Baseline = true)]
    public void SgdStep() => _layer!.Optimizer.Step(consumeGradients: true);

    /// <summary>The gradient masked: what most sparse steps add.</summary>
    [Benchmark]
    public void MaskGradients() => _layer!.Topology.MaskGradients();

    /// <summary>Masks applied to the weights and the momentum buffer: what the steps before a topology update add.</summary>
    [Benchmark]
    public void ApplyMasks()
    {
        _layer!.Topology.ApplyMasks();
        _layer.Topology.ApplyMasksToMomentum(_layer.Optimizer);
    }
}
