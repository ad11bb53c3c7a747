using System.Diagnostics;
using FreeTickets.Abstractions;
using FreeTickets.Core.Randomness;
using FreeTickets.Core.Sparsity;
using FreeTickets.Core.Sparsity.Execution;
using FreeTickets.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Core.Methods;

/// <summary>
/// One training run of one model (dense or sparse): model, optimizer, masks and data order all seeded from the cell seed
/// and the run index. Methods drive it epoch by epoch.
/// </summary>
internal sealed class MemberRun : IDisposable
{
    private readonly MethodContext _context;
    private readonly Generator _generator;
    private readonly long _started = Stopwatch.GetTimestamp();
    private Dictionary<string, Tensor>? _best;
    private Dictionary<string, Tensor>? _bestMasks;
    private double _bestAccuracy = double.NegativeInfinity;
    private int _bestEpoch = -1;
    private double _priorSeconds;
    private double _evaluationSeconds;

    /// <param name="context">The cell.</param>
    /// <param name="runIndex">Member index (0 for EDST's single run).</param>
    /// <param name="sparse">Whether the run trains a sparse network.</param>
    /// <param name="totalSteps">Steps of the whole run (for the drop-fraction schedule).</param>
    public MemberRun(MethodContext context, int runIndex, bool sparse, long totalSteps)
    {
        _context = context;
        RunIndex = runIndex;
        var cell = context.Cell;
        var settings = cell.Settings;
        if (sparse && context.Regrow.GradientStatistics != GradientStatistics.None && context.Regrow.Cost != RegrowthCost.DenseGradientEveryStep)
        {
            // The FLOPs columns would understate the run: keeping the statistics needs the dense gradient every step.
            throw new InvalidOperationException(
                $"regrowth rule '{context.Regrow.Name}' asks for dense-gradient statistics ({context.Regrow.GradientStatistics}) "
                + $"but declares the cost {context.Regrow.Cost}; it must declare {RegrowthCost.DenseGradientEveryStep}");
        }

        var seed = MemberSeeds.For(cell.Seed, runIndex);
        Seed = seed;
        manual_seed(unchecked((long)StableSeed.Derive(seed, "init")));
        Model = context.Architecture.Create(new ArchitectureSpec(context.Dataset.Spec.InputShape, context.Dataset.Spec.NumClasses));
        Model.to(context.Device);
        var named = Model.named_parameters().ToList();
        Optimizer = new SgdOptimizer(named, settings.Training.LearningRate, settings.Training.Momentum, settings.Training.WeightDecay);
        var sparsifiable = named.Where(p => context.Architecture.IsSparsifiable(p.name, p.parameter)).ToList();
        SparsifiableWeights = sparsifiable.Sum(p => p.parameter.numel());
        if (sparse)
        {
            var cellSeed = StableSeed.Derive(cell.Method, cell.Architecture, cell.Dataset, cell.Sparsity, seed);
            var topology = SparseTopology.Create(
                sparsifiable, DensityDistributions.Get(settings.Sparse.Distribution), cell.Sparsity, StableSeed.Derive(cellSeed, "masks"),
                bernoulli: settings.Sparse.MaskInit == MaskInit.Bernoulli);
            var statistics = context.Regrow.GradientStatistics;
            if (statistics != GradientStatistics.None)
            {
                topology.TrackGradientStatistics(statistics, settings.Training.Momentum);
            }

            var schedule = DropSchedules.Create(settings.Sparse.DropSchedule, settings.Sparse.DropFraction, settings.Sparse.DropFractionMin, totalSteps);
            Plan = new TopologyPlan(topology, context.Prune, context.Regrow, settings.Sparse.UpdateInterval, schedule, cellSeed)
            {
                KeepInactiveMomentum = settings.Sparse.RegrownMomentum == RegrownMomentum.Keep,
            };
        }

        if (Plan is not null && settings.Sparse.Execution == SparseExecutionMode.Sparse)
        {
            Execution = SparseExecution.Attach(Model, Plan.Topology);
        }

        _generator = new Generator(StableSeed.Derive(seed, "data"));
        Loop = new TrainingLoop(Model, Optimizer, Plan, context.Dataset, context.Data, settings.Training.BatchSize, _generator)
        {
            Updated = update => context.Observer.OnTopologyUpdate(cell, runIndex, update),
            Execution = Execution,
        };
    }

    public int RunIndex { get; }

    /// <summary>The seed this run trains with (<see cref="MemberSeeds.For"/>).</summary>
    public long Seed { get; }

    public nn.Module<Tensor, Tensor> Model { get; }

    public SgdOptimizer Optimizer { get; }

    public TopologyPlan? Plan { get; }

    /// <summary>The sparse kernels attached to the model (<c>sparse.execution: sparse</c>), or null.</summary>
    public SparseExecution? Execution { get; }

    public TrainingLoop Loop { get; }

    public long SparsifiableWeights { get; }

    public List<EpochStats> Curves { get; } = [];

    public int SelectedEpoch { get; private set; } = -1;

    /// <summary>Trains one epoch, validates, records the curve row and reports progress.</summary>
    public EpochStats Epoch(int epoch, double learningRate, string phase, CancellationToken cancellationToken)
    {
        var (loss, accuracy) = Loop.RunEpoch(learningRate, cancellationToken);
        if (!double.IsFinite(loss))
        {
            throw new DivergedException(RunIndex, epoch, loss);
        }

        var data = _context.Data;
        var (valLoss, valAccuracy) = Loop.Measure(data.ValInputs, data.ValLabels, _context.Cell.Settings.Evaluation.BatchSize);
        var stats = new EpochStats(RunIndex, epoch, phase, learningRate, loss, accuracy, valLoss, valAccuracy,
            Plan?.Topology.Density ?? 1.0, Loop.Step, RunSeconds);
        Curves.Add(stats);
        SelectedEpoch = epoch;
        if (_context.Cell.Settings.Training.SelectBest && valAccuracy > _bestAccuracy)
        {
            _bestAccuracy = valAccuracy;
            KeepBest(epoch);
        }

        _context.Observer.OnEpoch(_context.Cell, stats);
        return stats;
    }

    /// <summary>Forgets the best-validation checkpoint (EDST: each phase selects within itself).</summary>
    public void ResetBest()
    {
        DisposeBest();
        _bestAccuracy = double.NegativeInfinity;
    }

    /// <summary>Seconds this run has trained so far (resumed time included; the test evaluations of its members excluded).</summary>
    private double RunSeconds => _priorSeconds + TrainingLoop.Since(_started) - _evaluationSeconds;

    /// <summary>
    /// Evaluates the reported model (best-validation checkpoint when selectBest, else the current one) on test, and times
    /// its inference.
    /// </summary>
    public MemberOutcome Snapshot(int memberIndex, int epochs)
    {
        var evaluationStarted = Stopwatch.GetTimestamp();
        try
        {
            return Evaluate(memberIndex, epochs);
        }
        finally
        {
            _evaluationSeconds += TrainingLoop.Since(evaluationStarted);
        }
    }

    private MemberOutcome Evaluate(int memberIndex, int epochs)
    {
        var selected = SelectedEpoch;
        Dictionary<string, Tensor>? current = null;
        if (_best is not null)
        {
            current = Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
            Model.load_state_dict(_best);
            selected = _bestEpoch;
        }

        // The exported member is the evaluated one: its weights, and the masks it had at the selected epoch.
        _context.Export?.SaveMember(_context.Cell, memberIndex, Seed, selected, Model.state_dict().Select(kv => (kv.Key, kv.Value)),
            _bestMasks ?? Plan?.Topology.Layers.ToDictionary(l => l.Name, l => l.Mask) ?? []);
        var batchSize = _context.Cell.Settings.Evaluation.BatchSize;
        Tensor probabilities;
        var robustness = new List<Tensor>(_context.Robustness.Count);
        InferenceTiming inference;

        // Sparse kernels compute with the masks the evaluated weights were trained with.
        using (_best is not null && _bestMasks is not null ? Execution?.UseMasks(_bestMasks) : null)
        using (Execution?.Freeze())
        {
            probabilities = Evaluator.Predict(Model, _context.Data.TestInputs, batchSize);
            foreach (var set in _context.Robustness)
            {
                robustness.Add(set.Predict(Model, batchSize));
            }

            inference = InferenceTimer.Measure(Model, _context.Data.TestInputs);
        }

        if (current is not null)
        {
            Model.load_state_dict(current);
            foreach (var t in current.Values)
            {
                t.Dispose();
            }
        }

        var densities = Plan?.Topology.Densities ?? Model.named_parameters()
            .Where(p => _context.Architecture.IsSparsifiable(p.name, p.parameter))
            .ToDictionary(p => p.name, _ => 1.0);
        var active = Plan is null ? SparsifiableWeights : Plan.Topology.TotalActive;
        return new MemberOutcome(memberIndex, Seed, probabilities, active, SparsifiableWeights, densities, epochs, Loop.TopologyUpdates, selected)
        {
            RobustnessProbabilities = robustness,
            Inference = inference,
            LayerExecution = Execution?.Layers.ToDictionary(l => l.WeightName, l => l.Sparse ? "sparse" : "masked: " + l.Reason, StringComparer.Ordinal),
        };
    }

    /// <summary>Streams this run's tensors into a checkpoint and returns its scalar state.</summary>
    public RunStateHeader WriteState(CheckpointFile.Writer writer)
    {
        foreach (var (name, tensor) in Model.state_dict())
        {
            writer.Add(CheckpointLayout.Model + name, tensor);
        }

        // Gradients survive the epoch boundary and matter: EDST's global exploration regrows by the last batch's gradient.
        foreach (var (name, parameter) in Model.named_parameters())
        {
            if (parameter.grad is { } grad)
            {
                writer.Add(CheckpointLayout.Gradient + name, grad);
            }
        }

        foreach (var (name, buffer) in Optimizer.MomentumBuffers)
        {
            writer.Add(CheckpointLayout.Momentum + name, buffer);
        }

        foreach (var layer in Plan?.Topology.Layers ?? [])
        {
            writer.Add(CheckpointLayout.Mask + layer.Name, layer.Mask);
        }

        // Dense-gradient statistics of SNFS-style regrowth: part of the run's state, like the optimizer's momentum.
        foreach (var layer in Plan?.Topology.Layers ?? [])
        {
            if (layer.GradientMomentum is { } gradientMomentum)
            {
                writer.Add(CheckpointLayout.GradientMomentum + layer.Name, gradientMomentum);
            }

            if (layer.GradientSquareAverage is { } gradientSquare)
            {
                writer.Add(CheckpointLayout.GradientSquare + layer.Name, gradientSquare);
            }
        }

        foreach (var (name, tensor) in _best ?? [])
        {
            writer.Add(CheckpointLayout.Best + name, tensor);
        }

        foreach (var (name, mask) in _bestMasks ?? [])
        {
            writer.Add(CheckpointLayout.BestMask + name, mask);
        }

        using (var generatorState = _generator.get_state())
        {
            writer.Add(CheckpointLayout.DataGenerator, generatorState);
        }

        using (var globalState = get_rng_state())
        {
            writer.Add(CheckpointLayout.GlobalGenerator, globalState);
        }

        return new RunStateHeader(Loop.Step, Loop.TopologyUpdates, SelectedEpoch, _best is not null, _bestAccuracy, _bestEpoch,
            RunSeconds, [.. Curves]);
    }

    /// <summary>Puts this freshly built run into the state a checkpoint recorded.</summary>
    public void Restore(CheckpointFile.Loaded checkpoint)
    {
        var state = checkpoint.Header.Run;
        using (no_grad())
        {
            Model.load_state_dict(checkpoint.WithPrefix(CheckpointLayout.Model));
            var grads = checkpoint.WithPrefix(CheckpointLayout.Gradient);
            foreach (var (name, parameter) in Model.named_parameters())
            {
                parameter.grad = grads.TryGetValue(name, out var grad) ? grad.to(parameter.device).clone() : null;
            }

            Optimizer.LoadMomentum(checkpoint.WithPrefix(CheckpointLayout.Momentum));
            foreach (var layer in Plan?.Topology.Layers ?? [])
            {
                layer.Mask.copy_(checkpoint.Get(CheckpointLayout.Mask + layer.Name));
                layer.GradientMomentum?.copy_(checkpoint.Get(CheckpointLayout.GradientMomentum + layer.Name));
                layer.GradientSquareAverage?.copy_(checkpoint.Get(CheckpointLayout.GradientSquare + layer.Name));
            }

            Plan?.Topology.MarkChanged();
        }

        DisposeBest();
        if (state.HasBest)
        {
            _best = checkpoint.WithPrefix(CheckpointLayout.Best).ToDictionary(kv => kv.Key, kv => kv.Value.to(_context.Device).clone());
            if (Plan is not null)
            {
                _bestMasks = checkpoint.WithPrefix(CheckpointLayout.BestMask).ToDictionary(kv => kv.Key, kv => kv.Value.to(_context.Device).clone());
            }
        }

        _bestAccuracy = state.BestAccuracy;
        _bestEpoch = state.BestEpoch;
        SelectedEpoch = state.SelectedEpoch;
        _generator.set_state(checkpoint.Get(CheckpointLayout.DataGenerator));
        set_rng_state(checkpoint.Get(CheckpointLayout.GlobalGenerator));
        Loop.RestoreCounters(state.Step, state.TopologyUpdates);
        Curves.Clear();
        Curves.AddRange(state.Curves);
        _priorSeconds = state.RunSeconds;
    }

    private void KeepBest(int epoch)
    {
        DisposeBest();
        _best = Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        _bestMasks = Plan?.Topology.Layers.ToDictionary(l => l.Name, l => l.Mask.detach().clone());
        _bestEpoch = epoch;
    }

    private void DisposeBest()
    {
        if (_best is not null)
        {
            foreach (var t in _best.Values)
            {
                t.Dispose();
            }

            _best = null;
        }

        foreach (var mask in _bestMasks?.Values ?? Enumerable.Empty<Tensor>())
        {
            mask.Dispose();
        }

        _bestMasks = null;
    }

    public void Dispose()
    {
        DisposeBest();
        Execution?.Dispose();
        Plan?.Topology.Dispose();
        Optimizer.Dispose();
        Model.Dispose();
        _generator.Dispose();
    }
}
