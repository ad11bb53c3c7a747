using BenchmarkDotNet.Attributes;
using FreeTickets.Abstractions;
using FreeTickets.Benchmarks.Infrastructure;
using FreeTickets.Core.Sparsity;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Benchmarks.Sparsity;

/// <summary>
/// The sparse initialisation of a wrn-16-8 run at sparsity 0.8: the ERK density distribution alone, and the whole
/// <see cref="SparseTopology.Create"/> (distribution + exact-count random masks + masking the weights), as
/// <c>MemberRun</c> does once per sparse member.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet generates a subclass of every benchmark class.</remarks>
public class ErkInitBenchmarks
{
    private const double Sparsity = 0.8;
    private readonly IDensityDistribution _erk = DensityDistributions.Get("erk");
    private nn.Module<Tensor, Tensor>? _model;
    private List<(string Name, Parameter Param)> _sparsifiable = [];
    private List<long[]> _shapes = [];

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkTorch.Initialize();
        var wrn = ArchitectureCase.Get("wrn-16-8");
        manual_seed(1);
        _model = wrn.Architecture.Create(wrn.Spec);
        _sparsifiable = [.. _model.named_parameters().Where(p => wrn.Architecture.IsSparsifiable(p.name, p.parameter))];
        _shapes = [.. _sparsifiable.Select(p => p.Param.shape)];
    }

    [GlobalCleanup]
    public void Cleanup() => _model?.Dispose();

    /// <summary>Per-layer ERK densities (with the dense fallback) of wrn-16-8's sparsifiable weights.</summary>
    [Benchmark]
    public IReadOnlyList<double> ErkDensities() => _erk.Densities(_shapes, Sparsity);

    /// <summary>Densities, masks with exactly round(d * n) active weights per layer, weights masked.</summary>
    [Benchmark]
    public long ErkTopology()
    {
        using var topology = SparseTopology.Create(_sparsifiable, _erk, Sparsity, seed: 3);
        return topology.Layers.Count;
    }
}
