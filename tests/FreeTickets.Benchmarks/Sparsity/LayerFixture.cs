using FreeTickets.Core.Sparsity;
using FreeTickets.Core.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Benchmarks.Sparsity;

/// <summary>
/// One sparsifiable layer as the engine holds it mid-training: a weight with a dense gradient, an SGD optimizer with a
/// momentum buffer, and a topology at the paper's sparsity (0.8) made by <see cref="SparseTopology.Create"/>.
/// </summary>
internal sealed class LayerFixture : IDisposable
{
    public const string LayerName = "layer.weight";
    public const double Sparsity = 0.8;

    public LayerFixture(long weights, ulong seed)
    {
        // [rows, 1000] (or [1, n] below 1000): rank 2 like a Linear weight; the engine works on flat views anyway.
        var cols = Math.Min(weights, 1000L);
        var shape = new[] { weights / cols, cols };
        manual_seed(unchecked((long)seed));
        using (var init = randn(shape))
        {
            Weight = nn.Parameter(init.mul(0.05));
        }

        // A dense gradient as backward leaves it (gradient regrowth reads it) and a momentum buffer from one step.
        using (var target = randn(shape))
        using (var loss = (Weight * target).sum())
        {
            loss.backward();
        }

        Optimizer = new SgdOptimizer([(LayerName, Weight)], lr: 0.1, momentum: 0.9, weightDecay: 5e-4);
        Optimizer.Step();
        Topology = SparseTopology.Create([(LayerName, Weight)], DensityDistributions.Get("uniform"), Sparsity, seed);
        Topology.ApplyMasksToMomentum(Optimizer);
        Masks = Topology.MasksByName();
    }

    public IReadOnlyDictionary<string, Tensor> Masks { get; }

    public Parameter Weight { get; }

    public SgdOptimizer Optimizer { get; }

    public SparseTopology Topology { get; }

    public void Dispose()
    {
        Topology.Dispose();
        Optimizer.Dispose();
        Weight.Dispose();
    }
}
