using System.Globalization;
using FreeTickets.Abstractions;
using FreeTickets.Benchmarks.Infrastructure;
using FreeTickets.Core.Flops;
using FreeTickets.Core.Sparsity;
using FreeTickets.Core.Sparsity.Execution;
using static FreeTickets.Benchmarks.Infrastructure.Interleaving;
using static TorchSharp.torch;

namespace FreeTickets.Benchmarks.Training;

/// <summary>
/// Issue 17's measured speed-ups, each side interleaved with its baseline in one process (as <see cref="MaskedRatioCheck"/>),
/// the first round left out as warm-up, the median of the per-round ratios reported:
/// <list type="bullet">
/// <item><c>--sparse-ratio ARCH --sparsity S</c>: a training step with the sparse kernels (<c>sparse.execution: sparse</c>)
/// over a dense step.</item>
/// <item><c>--sparse-inference ARCH --sparsity S [--members M]</c>: the forward passes of M sparse models (an EDST ensemble's
/// tickets, sparse kernels) over one dense model's, at batch 128 and at batch 1.</item>
/// </list>
/// Both print the per-layer execution decisions; <c>--sparse-ratio</c> also prints the compute floor: the FLOPs the sparse
/// step executes (layers that stay masked at full density) at the dense step's measured GFLOP/s, what the sparse step would
/// take if its kernels ran as fast as the dense ones.
/// </summary>
internal static class SparseRatioCheck
{
    public static int Training(string architecture, double sparsity, int rounds)
    {
        var dense = new TrainingStepBenchmarks { Architecture = architecture };
        var sparse = new TrainingStepBenchmarks { Architecture = architecture, Sparsity = sparsity, SparseKernels = true };
        dense.SetupDense();
        sparse.SetupSparse();
        try
        {
            var steps = architecture == "wrn-16-8" ? 1 : 25;
            var (denseTimes, sparseTimes, ratios) = Interleave(rounds, () => dense.Dense(), () => sparse.Masked(), steps);
            var (denseFlops, sparseFlops) = StepFlops(architecture, sparse);
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"sparse-ratio: {architecture}, S={sparsity}, {rounds} rounds of {steps} dense then {steps} sparse-kernel steps, lanes {SparseKernels.Lanes}, threads {get_num_threads()}"));
            PrintLayers(sparse);
            var denseMs = 1000 * Median(denseTimes);
            var gflops = denseFlops / (denseMs / 1000) / 1e9;
            Console.WriteLine(string.Create(inv,
                $"dense_step_ms {denseMs:F3} sparse_step_ms {1000 * Median(sparseTimes):F3} ratio_median {Median(ratios):F3}"));
            Console.WriteLine(string.Create(inv,
                $"executed_flops_ratio {sparseFlops / denseFlops:F3} dense_gflops {gflops:F1} floor_ms {sparseFlops / gflops / 1e6:F3} (sparse FLOPs at the dense step's rate)"));
            return 0;
        }
        finally
        {
            dense.Cleanup();
            sparse.Cleanup();
        }
    }

    public static int Inference(string architecture, double sparsity, int members, int rounds)
    {
        var dense = new TrainingStepBenchmarks { Architecture = architecture };
        dense.SetupDense();
        var tickets = Enumerable.Range(0, members)
            .Select(i => new TrainingStepBenchmarks { Architecture = architecture, Sparsity = sparsity, SparseKernels = true, Seed = 11 + (ulong)i })
            .ToList();
        tickets.ForEach(t => t.SetupSparse());
        var frozen = tickets.Select(t => t.Freeze()).ToList();
        try
        {
            var arch = ArchitectureCase.Get(architecture);
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"sparse-inference: {architecture}, S={sparsity}, {members} sparse models vs 1 dense, {rounds} rounds, lanes {SparseKernels.Lanes}, threads {get_num_threads()}"));
            PrintLayers(tickets[0]);
            foreach (var batchSize in new[] { 128, 1 })
            {
                using var batch = randn([batchSize, .. arch.Spec.InputShape]);
                var passes = batchSize == 1 ? 200 : architecture == "wrn-16-8" ? 1 : 20;
                var (denseTimes, sparseTimes, ratios) = Interleave(
                    rounds, () => dense.Infer(batch), () => tickets.ForEach(t => t.Infer(batch)), passes);
                Console.WriteLine(string.Create(inv,
                    $"batch {batchSize}: dense_ms {1000 * Median(denseTimes):F4} ensemble_ms {1000 * Median(sparseTimes):F4} ratio_median {Median(ratios):F3}"));
            }

            return 0;
        }
        finally
        {
            frozen.ForEach(f => f?.Dispose());
            dense.Cleanup();
            tickets.ForEach(t => t.Cleanup());
        }
    }

    /// <summary>
    /// <c>--sparse-crossover</c>: where <see cref="SparseExecution.MaxDensity"/> comes from. One fully connected layer
    /// (784 x 300 and 300 x 100, batch 128) at uniform densities 0.05-0.5: its forward and backward (input gradient, weight
    /// gradient at active positions) on the sparse kernels over the same computed densely, interleaved, median ratio.
    /// </summary>
    public static int Crossover(int rounds)
    {
        BenchmarkTorch.Initialize();
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"sparse-crossover: one layer's forward and backward, batch 128, {rounds} rounds, lanes {SparseKernels.Lanes}, threads {get_num_threads()}"));
        foreach (var (inputs, outputs) in new[] { (784, 300), (300, 100) })
        {
            foreach (var density in new[] { 0.05, 0.1, 0.2, 0.3, 0.4, 0.5 })
            {
                manual_seed(3);
                using var layer = new SparseLinear(inputs, outputs);
                var weight = layer.named_parameters().Where(p => p.name == "weight").ToList();
                using var topology = SparseTopology.Create(weight, DensityDistributions.Get("uniform"), 1 - density, 5);
                using var x = randn(128, inputs).requires_grad_(true);
                void Step()
                {
                    using var scope = NewDisposeScope();
                    layer.forward(x).sum().backward();
                    layer.Weight.grad = null;
                    x.grad = null;
                }

                using var execution = SparseExecution.Attach(layer, topology, maxDensity: 1.0);
                execution.GradientRead = false;
                var sparseLayer = layer.Execution;
                var (dense, sparse, ratios) = Interleave(
                    rounds,
                    () =>
                    {
                        layer.Execution = null;
                        Step();
                    },
                    () =>
                    {
                        layer.Execution = sparseLayer;
                        Step();
                    },
                    100);
                Console.WriteLine(string.Create(inv,
                    $"{inputs}x{outputs} density {density:F2}: dense_us {1e6 * Median(dense):F1} sparse_us {1e6 * Median(sparse):F1} ratio_median {Median(ratios):F3}"));
            }
        }

        return 0;
    }

    private static (List<double> Baseline, List<double> Candidate, List<double> Ratios) Interleave(int rounds, Action baseline, Action candidate, int count)
    {
        var b = new List<double>();
        var c = new List<double>();
        var ratios = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var tb = Time(baseline, count);
            var tc = Time(candidate, count);
            if (round > 0)
            {
                b.Add(tb);
                c.Add(tc);
                ratios.Add(tc / tb);
            }
        }

        return (b, c, ratios);
    }

    /// <summary>
    /// Training FLOPs of one step, dense and as executed sparse (3 x forward; the layers that stay masked at full density).
    /// </summary>
    private static (double Dense, double Sparse) StepFlops(string architecture, TrainingStepBenchmarks sparse)
    {
        var arch = ArchitectureCase.Get(architecture);
        var cost = ModelCostCounter.Count(sparse.Model, arch.Spec.InputShape, (name, p) => arch.Architecture.IsSparsifiable(name, p));
        // As executed: a layer that stays masked costs what a dense one does.
        var densities = sparse.Layers.ToDictionary(l => l.WeightName, l => l.Sparse ? l.Density : 1.0);
        foreach (var layer in cost.SparsifiableLayers.Where(l => !densities.ContainsKey(l.Name)))
        {
            densities[layer.Name] = 1.0;
        }

        var dense = 3 * FlopsCalculator.DenseForwardFlops(cost) * arch.BatchSize;
        var sparseFlops = 3 * FlopsCalculator.SparseForwardFlops(cost, densities) * arch.BatchSize;
        return (dense, sparseFlops);
    }

    private static void PrintLayers(TrainingStepBenchmarks sparse)
    {
        foreach (var layer in sparse.Layers)
        {
            var how = layer.Sparse ? "sparse" : "masked (" + layer.Reason + ")";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {layer.WeightName}: density {layer.Density:F4}, {how}"));
        }
    }
}
