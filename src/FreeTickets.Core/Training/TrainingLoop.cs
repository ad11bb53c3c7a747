using System.Diagnostics;
using FreeTickets.Abstractions;
using FreeTickets.Core.Sparsity.Execution;
using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Core.Training;

/// <summary>
/// Trains one model epoch by epoch: batches by index from resident tensors, SGD, pruned weights and their momentum kept
/// at exactly zero on every step, topology updates every Delta T iterations. One dispose scope per step; the only host
/// syncs are at the end of an epoch.
/// </summary>
public sealed class TrainingLoop
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly SgdOptimizer _optimizer;
    private readonly TopologyPlan? _plan;
    private readonly IDataset _dataset;
    private readonly TrainingData _data;
    private readonly int _batchSize;
    private readonly Generator _generator;

    /// <summary>Creates the loop; <paramref name="generator"/> drives shuffling and augmentation.</summary>
    public TrainingLoop(nn.Module<Tensor, Tensor> model, SgdOptimizer optimizer, TopologyPlan? plan, IDataset dataset, TrainingData data, int batchSize, Generator generator)
    {
        _model = model;
        _optimizer = optimizer;
        _plan = plan;
        _dataset = dataset;
        _data = data;
        _batchSize = batchSize;
        _generator = generator;
    }

    /// <summary>
    /// Whether the last step of an epoch keeps its dense gradient (default true): it is checkpointed, and EDST's global
    /// exploration at the start of the next epoch regrows by it. Benchmarks that time one-batch epochs turn it off, to time
    /// the step every other batch takes.
    /// </summary>
    public bool KeepGradientAtEpochEnd { get; init; } = true;

    /// <summary>
    /// The sparse kernels attached to the model (<c>sparse.execution: sparse</c>), or null. The loop tells them, before each
    /// backward pass, whether this step's dense weight gradient is read: by a rule that keeps dense-gradient statistics
    /// or dense momentum (every step), or by the topology update that follows and the epoch's checkpoint (when the rule
    /// reads gradients at all). Otherwise only the active positions' gradient is computed.
    /// </summary>
    public SparseExecution? Execution { get; init; }

    /// <summary>Optimizer steps taken so far (the iteration counter of topology updates).</summary>
    public long Step { get; private set; }

    /// <summary>Topology updates performed so far.</summary>
    public int TopologyUpdates { get; private set; }

    /// <summary>Called after every topology update (progress observers).</summary>
    public Action<TopologyUpdate>? Updated { get; set; }

    /// <summary>Whether the sparse kernels must compute the dense weight gradient on every step.</summary>
    private bool DenseGradientEveryStep =>
        _plan is not null && (_plan.Regrow.Cost == RegrowthCost.DenseGradientEveryStep || _plan.KeepInactiveMomentum);

    /// <summary>Sets the counters of a resumed checkpoint.</summary>
    internal void RestoreCounters(long step, int topologyUpdates)
    {
        Step = step;
        TopologyUpdates = topologyUpdates;
    }

    /// <summary>Trains one epoch at <paramref name="learningRate"/>; returns (mean loss, accuracy) on the training batches.</summary>
    public (double Loss, double Accuracy) RunEpoch(double learningRate, CancellationToken cancellationToken)
    {
        _optimizer.LearningRate = learningRate;
        _model.train();
        var n = _data.TrainCount;
        using var perm = randperm(n, generator: _generator).to(_data.TrainLabels.device);
        using var lossSum = zeros(1, dtype: ScalarType.Float64, device: _data.TrainLabels.device);
        using var correct = zeros(1, dtype: ScalarType.Int64, device: _data.TrainLabels.device);
        for (long start = 0; start < n; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (var scope = NewDisposeScope())
            {
                var count = Math.Min(_batchSize, n - start);
                var idx = perm.narrow(0, start, count);
                var inputs = _dataset.Augment(_data.TrainInputs.index_select(0, idx), _generator);
                var labels = _data.TrainLabels.index_select(0, idx);
                var lastOfEpoch = start + count >= n;
                var updateFollows = _plan is not null && (Step + 1) % _plan.UpdateInterval == 0;
                var gradientNeeded = (KeepGradientAtEpochEnd && lastOfEpoch) || updateFollows;
                if (Execution is not null)
                {
                    Execution.DenseGradient = DenseGradientEveryStep || (gradientNeeded && _plan!.Regrow.Cost != RegrowthCost.SparseOnly);
                    Execution.GradientRead = gradientNeeded || DenseGradientEveryStep;
                }

                var logits = _model.forward(inputs);
                var loss = nn.functional.cross_entropy(logits, labels);
                _optimizer.ZeroGrad();
                loss.backward();

                // Only rules that ask for dense-gradient statistics (SNFS momentum) make this do anything.
                _plan?.Topology.AccumulateGradientStatistics();

                // The masked update keeps pruned weights and momentum at zero inside SGD's own passes (SgdOptimizer.Step).
                // The dense gradient must survive the steps a topology update follows, and the last step of an epoch (its
                // gradient is checkpointed, and EDST's global exploration regrows by it); every other step adds the weight
                // decay in the gradient's storage. Both give the same numbers.
                _optimizer.Step(consumeGradients: !gradientNeeded, masks: _plan?.Topology.MasksByName(), maskMomentum: _plan?.KeepInactiveMomentum != true,
                    active: Execution?.ActiveEntries());

                using (no_grad())
                {
                    lossSum.add_(loss.detach().to(ScalarType.Float64) * count);
                    correct.add_(logits.argmax(1).eq(labels).sum());
                }
            }

            Step++;
            if (_plan is not null && Step % _plan.UpdateInterval == 0)
            {
                UpdateTopology(_plan.DropSchedule.At(Step));
            }
        }

        return (lossSum.item<double>() / n, (double)correct.item<long>() / n);
    }

    /// <summary>A topology update now with drop fraction <paramref name="fraction"/> (EDST's global exploration uses q).</summary>
    public void UpdateTopology(double fraction)
    {
        if (_plan is null)
        {
            throw new InvalidOperationException("dense runs have no topology");
        }

        var result = _plan.Topology.Update(_plan.Prune, _plan.Regrow, fraction, Step, _optimizer, _plan.CellSeed, zeroMomentum: !_plan.KeepInactiveMomentum);
        TopologyUpdates++;
        Updated?.Invoke(new TopologyUpdate(result.Step, result.DropFraction, result.TotalPruned, result.TotalRelocated));
    }

    /// <summary>Mean loss and accuracy of the model on a set (eval mode, no augmentation).</summary>
    public (double Loss, double Accuracy) Measure(Tensor inputs, Tensor labels, int batchSize)
    {
        if (labels.shape[0] == 0)
        {
            return (double.NaN, double.NaN);
        }

        // Every intermediate (the unsqueezed labels, the clamp, the mean, the argmax) dies with the scope.
        using var scope = NewDisposeScope();
        var probs = Evaluator.Predict(_model, inputs, batchSize);
        var cpuLabels = labels.cpu();
        var loss = -probs.gather(1, cpuLabels.unsqueeze(1)).clamp_min(1e-12).log().mean().to(ScalarType.Float64).item<double>();
        var hits = probs.argmax(1).eq(cpuLabels).sum().item<long>();
        return (loss, (double)hits / labels.shape[0]);
    }

    /// <summary>A stopwatch-friendly helper: elapsed seconds since <paramref name="start"/>.</summary>
    public static double Since(long start) => Stopwatch.GetElapsedTime(start).TotalSeconds;
}
