using BenchmarkDotNet.Attributes;
using FreeTickets.Benchmarks.Infrastructure;

namespace FreeTickets.Benchmarks.Sparsity;

/// <summary>
/// What a sparse run adds to an optimizer step of one layer, against the plain SGD update of the same layer as the
/// baseline: the masked update that <c>TrainingLoop</c> makes (the mask multiplied in inside the momentum pass), and, for
/// comparison, masking weights and momentum after an unmasked update (<c>ApplyMasks</c> + <c>ApplyMasksToMomentum</c>,
/// the classic way, two more passes).
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

    /// <summary>The masked SGD update of the layer (what a sparse step makes instead of <see cref="SgdStep"/>).</summary>
    [Benchmark]
    public void MaskedSgdStep() => _layer!.Optimizer.Step(consumeGradients: true, masks: _layer.Masks);

    /// <summary>Masks applied to the weights and the momentum buffer after an update: the classic way.</summary>
    [Benchmark]
    public void ApplyMasks()
    {
        _layer!.Topology.ApplyMasks();
        _layer.Topology.ApplyMasksToMomentum(_layer.Optimizer);
    }
}
