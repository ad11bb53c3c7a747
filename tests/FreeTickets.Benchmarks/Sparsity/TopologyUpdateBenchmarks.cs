using BenchmarkDotNet.Attributes;
using FreeTickets.Abstractions;
using FreeTickets.Benchmarks.Infrastructure;
using FreeTickets.Core.Sparsity;
using FreeTickets.Plugins.Pruning.Magnitude;
using FreeTickets.Plugins.Regrowth.Gradient;
using FreeTickets.Plugins.Regrowth.Random;

namespace FreeTickets.Benchmarks.Sparsity;

/// <summary>
/// One topology update of one layer through the engine's own routine (<see cref="SparseTopology.Update"/>, which
/// <c>TrainingLoop.UpdateTopology</c> calls): magnitude pruning and random (SET) or gradient (RigL) regrowth with the
/// paper's drop fraction 0.5 at sparsity 0.8. Each call updates the masks left by the previous one, as training does.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet generates a subclass of every benchmark class.</remarks>
public class TopologyUpdateBenchmarks
{
    private const double DropFraction = 0.5;
    private const ulong CellSeed = 7;
    private readonly MagnitudePruningCriterion _prune = new();
    private LayerFixture? _layer;
    private IRegrowthRule? _regrow;
    private long _step;

    /// <summary>Weights in the layer.</summary>
    [Params(10_000, 100_000, 1_000_000, 10_000_000)]
    public int Weights { get; set; }

    /// <summary>Regrowth rule (plugin name).</summary>
    [Params("random", "gradient")]
    public string Regrowth { get; set; } = "random";

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkTorch.Initialize();
        _layer = new LayerFixture(Weights, seed: 42);
        _regrow = Regrowth switch
        {
            "random" => new RandomRegrowthRule(),
            "gradient" => new GradientRegrowthRule(),
            _ => throw new ArgumentException($"unknown regrowth rule '{Regrowth}'"),
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _layer?.Dispose();

    /// <summary>Prune + regrow of the layer, with the active-count check and momentum reset the engine does.</summary>
    [Benchmark]
    public TopologyUpdateResult PruneAndRegrow() =>
        _layer!.Topology.Update(_prune, _regrow!, DropFraction, ++_step, _layer.Optimizer, CellSeed);
}
