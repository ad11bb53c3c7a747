using BenchmarkDotNet.Attributes;
using FreeTickets.Benchmarks.Infrastructure;
using FreeTickets.Core.Sparsity;
using FreeTickets.Core.Sparsity.Execution;
using FreeTickets.Core.Training;
using FreeTickets.Plugins.Pruning.Magnitude;
using FreeTickets.Plugins.Regrowth.Gradient;
using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Benchmarks.Training;

/// <summary>
/// One training step through the engine's <see cref="TrainingLoop"/> (an epoch of exactly one batch: index the batch,
/// forward, cross-entropy, backward, <see cref="SgdOptimizer"/> step, masked for a sparse run), dense as the baseline, so the
/// Ratio column of the summary reads "masked / dense" per architecture. Those two cases run minutes apart, so on a busy
/// machine their ratio drifts; <c>--masked-ratio ARCH</c> (<see cref="MaskedRatioCheck"/>) interleaves them in one
/// process for the target's number. The loop runs with
/// <see cref="TrainingLoop.KeepGradientAtEpochEnd"/> off, so that the one batch takes the path of every step that no
/// topology update follows (all but one in Delta T), not that of an epoch's last. <see cref="TopologyUpdate"/> is one
/// prune-and-regrow of every layer (magnitude + gradient, p = 0.5, the DST/EDST setting) on the same model, so its Ratio
/// reads "topology update / dense step".
/// </summary>
/// <remarks>
/// <para>Sparse runs use ERK at sparsity 0.8 and <c>SparseTopology.Create</c>; the topology plan's interval is never
/// reached inside the measured steps, so the masked step never includes an update.</para>
/// <para>The same batch is trained on thousands of times. With a real learning rate the model would memorise it and
/// drive logits into saturation (and floats towards denormals, which are slow on x86), a state real training never
/// reaches; a learning rate of 1e-5 keeps the model where it started while executing exactly the same kernels.</para>
/// <para>Explicit counts: a wrn-16-8 step takes seconds on one core, and BenchmarkDotNet's automatic mode would run it
/// 20-150 times per case. These counts override <c>--job</c> for this class.</para>
/// <para>Not sealed: BenchmarkDotNet generates a subclass of every benchmark class.</para>
/// </remarks>
[WarmupCount(2)]
[IterationCount(10)]
public class TrainingStepBenchmarks
{
    private const double LearningRate = 1e-5;
    /// <summary>Seed of the model, its masks and the batch (11; the inference check gives each member its own).</summary>
    public ulong Seed { get; set; } = 11;
    private nn.Module<Tensor, Tensor>? _model;
    private SgdOptimizer? _optimizer;
    private TopologyPlan? _plan;
    private TrainingData? _data;
    private Generator? _generator;
    private TrainingLoop? _loop;
    private SparseExecution? _execution;

    /// <summary>Sparsity of the sparse cases (0.8 in the BenchmarkDotNet suite; <c>--sparse-ratio</c> sets it).</summary>
    public double Sparsity { get; set; } = 0.8;

    /// <summary>Whether sparse cases run the sparse kernels (<c>sparse.execution: sparse</c>) instead of masked dense ones.</summary>
    public bool SparseKernels { get; set; }

    /// <summary>Architecture plugin name (batch 128, wrn-16-8 batch 32).</summary>
    [ParamsSource(nameof(ArchitectureNames))]
    public string Architecture { get; set; } = "mlp-300-100";

    public static IEnumerable<string> ArchitectureNames => ArchitectureCase.Names;

    [GlobalSetup(Target = nameof(Dense))]
    public void SetupDense() => Build(sparse: false, keepGradient: false);

    [GlobalSetup(Target = nameof(Masked))]
    public void SetupSparse() => BuildSparse(keepGradient: false);

    /// <summary>The update regrows by the dense gradient of the last step, which the loop then keeps, as in training.</summary>
    [GlobalSetup(Target = nameof(TopologyUpdate))]
    public void SetupTopologyUpdate() => BuildSparse(keepGradient: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        _execution?.Dispose();
        _plan?.Topology.Dispose();
        _optimizer?.Dispose();
        _model?.Dispose();
        _data?.Dispose();
        _generator?.Dispose();
    }

    /// <summary>Dense step: forward, backward, SGD.</summary>
    [Benchmark(Baseline = true)]
    public double Dense() => _loop!.RunEpoch(LearningRate, CancellationToken.None).Loss;

    /// <summary>Sparse step: the dense step with every sparsified layer's SGD update masked.</summary>
    [Benchmark]
    public double Masked() => _loop!.RunEpoch(LearningRate, CancellationToken.None).Loss;

    /// <summary>
    /// The model's predictions on a batch (eval mode, no gradient, softmax included), as the tool times them
    /// (<c>InferenceTimer</c>).
    /// </summary>
    public void Infer(Tensor batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _model!.eval();
        nn.functional.softmax(_model.forward(batch), 1);
    }

    /// <summary>Fixes the sparse model's weights for inference (<see cref="SparseExecution.Freeze"/>), as the tool's evaluation does.</summary>
    public IDisposable? Freeze() => _execution?.Freeze();

    /// <summary>The model (after a setup).</summary>
    public nn.Module<Tensor, Tensor> Model => _model!;

    /// <summary>Which layers run sparse kernels (after a sparse setup with <see cref="SparseKernels"/>).</summary>
    public IReadOnlyList<LayerExecution> Layers => _execution?.Layers ?? [];

    /// <summary>One topology update of all sparsifiable layers (not per step: every Delta T = 1000 steps in the paper).</summary>
    [Benchmark]
    public int TopologyUpdate()
    {
        _loop!.UpdateTopology(0.5);
        return _loop.TopologyUpdates;
    }

    private void BuildSparse(bool keepGradient)
    {
        Build(sparse: true, keepGradient);

        // A first step so that gradients and momentum buffers exist, as they do at any update during training.
        _loop!.RunEpoch(LearningRate, CancellationToken.None);
    }

    private void Build(bool sparse, bool keepGradient)
    {
        BenchmarkTorch.Initialize();
        var arch = ArchitectureCase.Get(Architecture);
        manual_seed(unchecked((long)Seed));
        _model = arch.Architecture.Create(arch.Spec);
        var named = _model.named_parameters().ToList();
        _optimizer = new SgdOptimizer(named, LearningRate, momentum: 0.9, weightDecay: 5e-4);
        if (sparse)
        {
            var sparsifiable = named.Where(p => arch.Architecture.IsSparsifiable(p.name, p.parameter)).ToList();
            var topology = SparseTopology.Create(sparsifiable, DensityDistributions.Get("erk"), Sparsity, Seed);
            _plan = new TopologyPlan(topology, new MagnitudePruningCriterion(), new GradientRegrowthRule(), int.MaxValue, new ConstantDropSchedule(0.5), Seed);
            _execution = SparseKernels ? SparseExecution.Attach(_model, topology) : null;
        }

        var n = arch.BatchSize;
        long[] inputShape = [n, .. arch.Spec.InputShape];
        var inputs = randn(inputShape);
        var labels = randint(0, arch.Spec.NumClasses, [n], dtype: ScalarType.Int64);
        _data = new TrainingData(inputs, labels, inputs.narrow(0, 0, 0), labels.narrow(0, 0, 0), inputs.narrow(0, 0, 0), labels.narrow(0, 0, 0), arch.Spec.NumClasses);
        _generator = new Generator(Seed);
        _loop = new TrainingLoop(_model, _optimizer, _plan, new FixedBatchDataset(arch.Spec), _data, n, _generator) { KeepGradientAtEpochEnd = keepGradient, Execution = _execution };
    }
}
