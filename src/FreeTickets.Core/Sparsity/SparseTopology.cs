using FreeTickets.Abstractions;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Core.Sparsity;

/// <summary>
/// The masks of a sparse network and the one routine that changes them (prune by one score, regrow by another,
/// RigL's <c>mask_updaters</c> shape). Every layer keeps exactly its initial number of active weights. The jobs live
/// beside it: <see cref="InitialMasks"/> draws or copies the masks, <see cref="MaskUpdate"/> updates one layer,
/// <see cref="PluginScores"/> guards what the plugins return, <see cref="GradientStatisticsTracker"/> keeps the
/// dense-gradient statistics.
/// </summary>
public sealed class SparseTopology : IDisposable
{
    /// <summary>Decay of <see cref="MaskedParameter.GradientSquareAverage"/> (Adam's default beta2).</summary>
    public const double GradientSquareDecay = 0.999;

    private readonly List<MaskedParameter> _layers;
    private readonly Dictionary<string, MaskedParameter> _byName;
    private readonly GradientStatisticsTracker _statistics = new();
    private bool _disposed;

    private SparseTopology(List<MaskedParameter> layers)
    {
        _layers = layers;
        _byName = layers.ToDictionary(l => l.Name, StringComparer.Ordinal);
    }

    /// <summary>The masked weights, in the order they were given.</summary>
    public IReadOnlyList<MaskedParameter> Layers => _layers;

    /// <summary>Number of sparsifiable weights over all layers.</summary>
    public long TotalWeights => _layers.Sum(l => l.Count);

    /// <summary>Active weights over all layers, counted from the masks.</summary>
    public long TotalActive => _layers.Sum(l => l.CountActive());

    /// <summary>Active fraction of all sparsifiable weights (1 - sparsity).</summary>
    public double Density => (double)TotalActive / TotalWeights;

    /// <summary>
    /// Counts changes of the masks (topology updates, <see cref="MarkChanged"/>); sparse execution rebuilds its patterns
    /// when it moves.
    /// </summary>
    internal int Version { get; private set; }

    /// <summary>Active fraction of each layer, counted from the masks.</summary>
    public IReadOnlyDictionary<string, double> Densities =>
        _layers.ToDictionary(l => l.Name, l => (double)l.CountActive() / l.Count, StringComparer.Ordinal);

    /// <summary>
    /// Creates masks with exactly round(density_l * n_l) active positions per layer (top-k of seeded uniform scores, so
    /// the density does not drift) and zeroes the masked weights. With <paramref name="bernoulli"/> each weight is active
    /// with probability density_l instead (the same scores below density_l), as the released FreeTickets code draws its
    /// masks: layer counts then vary around their targets, and each layer keeps the count it drew.
    /// </summary>
    /// <param name="sparsifiable">Named weights to sparsify (rank >= 2 by convention; biases and norms stay dense).</param>
    /// <param name="distribution">How the sparsity is spread over the layers.</param>
    /// <param name="sparsity">Overall sparsity S in [0, 1).</param>
    /// <param name="seed">Seed of the cell; each layer's mask draws from a generator seeded with it and the layer name.</param>
    /// <param name="bernoulli">Draw each weight independently instead of exact counts.</param>
    public static SparseTopology Create(
        IEnumerable<(string Name, Parameter Param)> sparsifiable,
        IDensityDistribution distribution,
        double sparsity,
        ulong seed,
        bool bernoulli = false) =>
        Masked(InitialMasks.Draw(sparsifiable, distribution, sparsity, seed, bernoulli));

    /// <summary>
    /// Creates a topology from given masks (a checkpoint, another ticket, a hand-made example): each mask is copied
    /// (as 0/1 in the weight's dtype and device), its active count becomes the layer's target, and the masked
    /// weights are zeroed.
    /// </summary>
    public static SparseTopology FromMasks(IEnumerable<(string Name, Parameter Param, Tensor Mask)> layers) =>
        Masked(InitialMasks.Copy(layers));

    /// <summary>round(density * count), halves away from zero, clamped to [0, count].</summary>
    public static long ActiveCountFor(double density, long count) => InitialMasks.ActiveCountFor(density, count);

    /// <summary>ceil(p * active), clamped to [0, active].</summary>
    public static long DropCount(double dropFraction, long active) => MaskUpdate.DropCount(dropFraction, active);

    /// <summary>Dense-gradient statistics kept for the regrowth rule (none unless <see cref="TrackGradientStatistics"/> was called).</summary>
    public GradientStatistics TrackedStatistics => _statistics.Tracked;

    /// <summary>Momentum factor beta of <see cref="MaskedParameter.GradientMomentum"/>.</summary>
    public double GradientMomentumFactor => _statistics.MomentumFactor;

    /// <summary>
    /// Starts keeping the dense-gradient statistics a regrowth rule asks for (<see cref="IRegrowthRule.GradientStatistics"/>):
    /// one zero buffer per layer and statistic, updated by <see cref="AccumulateGradientStatistics"/> and shown to the
    /// plugins. Call once, before training; topology updates never reset them.
    /// </summary>
    /// <param name="statistics">Which statistics to keep.</param>
    /// <param name="momentum">beta of buf = beta * buf + g: the optimizer's momentum factor, as SNFS reads SGD's buffer.</param>
    public void TrackGradientStatistics(GradientStatistics statistics, double momentum)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _statistics.Start(_layers, statistics, momentum);
    }

    /// <summary>
    /// Folds the current dense gradients into the tracked statistics (buf = beta * buf + g; v = 0.999 v + 0.001 g^2); call
    /// after every backward pass. A no-op when nothing is tracked; layers without a gradient are skipped, as SGD skips them.
    /// </summary>
    public void AccumulateGradientStatistics()
    {
        if (TrackedStatistics == GradientStatistics.None)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        _statistics.Accumulate(_layers, GradientSquareDecay);
    }

    /// <summary>The layer called <paramref name="name"/>.</summary>
    public MaskedParameter this[string name] =>
        _byName.TryGetValue(name, out var layer)
            ? layer
            : throw new KeyNotFoundException($"'{name}' is not a sparsified parameter (known: {string.Join(", ", _byName.Keys)})");

    /// <summary>Active weights of the named layer, counted from its mask.</summary>
    public long ActiveCount(string name) => this[name].CountActive();

    /// <summary>weights *= mask for every layer; call after every optimizer step.</summary>
    public void ApplyMasks()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var noGrad = no_grad();
        foreach (var layer in _layers)
        {
            layer.Parameter.mul_(layer.Mask);
        }
    }

    /// <summary>
    /// Every layer's current mask by parameter name, for the optimizer's masked update, which keeps pruned weights and
    /// momentum at zero within the update itself: the same numbers as an unmasked step followed by
    /// <see cref="ApplyMasks"/> and <see cref="ApplyMasksToMomentum"/>, without their two passes. A topology update
    /// replaces the masks, so ask again after one.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> MasksByName()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _layers.ToDictionary(l => l.Name, l => l.Mask, StringComparer.Ordinal);
    }

    /// <summary>momentum *= mask for every layer that has a buffer, so masked momentum stays zero; call after every step.</summary>
    public void ApplyMasksToMomentum(IMomentumBuffers momentum)
    {
        ArgumentNullException.ThrowIfNull(momentum);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var noGrad = no_grad();
        foreach (var layer in _layers)
        {
            momentum.MomentumOf(layer.Name)?.mul_(layer.Mask);
        }
    }

    /// <summary>
    /// One topology update of every layer: prune n_drop = ceil(p * active) active weights with the lowest
    /// <paramref name="prune"/> scores, then grow as many inactive positions (after the prune) with the highest
    /// <paramref name="regrow"/> scores. New weights and their momentum start at zero. EDST's global exploration is
    /// the same call with the exploration rate q as <paramref name="dropFraction"/>.
    /// </summary>
    /// <param name="prune">Pruning criterion (higher score = keep).</param>
    /// <param name="regrow">Regrowth rule (higher score = grow); sees the post-prune mask.</param>
    /// <param name="dropFraction">p in [0, 1].</param>
    /// <param name="step">Optimizer step of the update; part of the plugins' generator seeds.</param>
    /// <param name="momentum">The optimizer's momentum buffers, shown to the plugins and reset; may be null.</param>
    /// <param name="cellSeed">Seed of the cell; with the layer name and step it seeds the plugins' generators.</param>
    /// <param name="zeroMomentum">Whether pruned and regrown weights' momentum is zeroed (false: the optimizer keeps a
    /// dense buffer, <see cref="RegrownMomentum.Keep"/>).</param>
    /// <exception cref="InvalidOperationException">A plugin returned an unusable score, or a layer's active count
    /// changed (an engine defect); the message names the layer.</exception>
    public TopologyUpdateResult Update(
        IPruningCriterion prune,
        IRegrowthRule regrow,
        double dropFraction,
        long step,
        IMomentumBuffers? momentum,
        ulong cellSeed,
        bool zeroMomentum = true)
    {
        ArgumentNullException.ThrowIfNull(prune);
        ArgumentNullException.ThrowIfNull(regrow);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (double.IsNaN(dropFraction) || dropFraction < 0.0 || dropFraction > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(dropFraction), dropFraction, "a drop fraction must be in [0, 1]");
        }

        using var noGrad = no_grad();
        var counts = new List<LayerUpdateCounts>(_layers.Count);
        foreach (var layer in _layers)
        {
            counts.Add(MaskUpdate.Layer(layer, prune, regrow, dropFraction, step, momentum, cellSeed, zeroMomentum));
        }

        Version++;
        return new TopologyUpdateResult(step, dropFraction, counts);
    }

    /// <summary>Records that the masks were changed in place (a restored checkpoint copied into them).</summary>
    public void MarkChanged() => Version++;

    /// <summary>Releases the masks (the weights belong to the model).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var layer in _layers)
        {
            layer.Mask.Dispose();
            layer.GradientMomentum?.Dispose();
            layer.GradientSquareAverage?.Dispose();
        }
    }

    private static SparseTopology Masked(List<MaskedParameter> layers)
    {
        var topology = new SparseTopology(layers);
        topology.ApplyMasks();
        return topology;
    }
}
