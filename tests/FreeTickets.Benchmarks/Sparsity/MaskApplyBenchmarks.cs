using BenchmarkDotNet.Attributes;
using FreeTickets.Benchmarks.Infrastructure;

namespace FreeTickets.Benchmarks.Sparsity;

/// <summary>
/// What a sparse run adds to every optimizer step of one layer: weights *= mask and momentum *= mask
/// (<c>SparseTopology.ApplyMasks</c> + <c>ApplyMasksToMomentum</c>, as <c>TrainingLoop</c> calls them), against the
/// SGD update of the same layer as the baseline.
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

    /// <summary>One SGD update (weight decay, momentum) of the layer: what the masks follow.</summary>
    [Benchmark(Baseline = true)]
    public void SgdStep() => _layer!.Optimizer.Step();

    /// <summary>Masks applied to the weights and the momentum buffer.</summary>
    [Benchmark]
    public void ApplyMasks()
    {
        _layer!.Topology.ApplyMasks();
        _layer.Topology.ApplyMasksToMomentum(_layer.Optimizer);
    }
}
