using FreeTickets.Abstractions;
using FreeTickets.Core.Running;
using FreeTickets.Core.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Core.Sparsity;

/// <summary>
/// The masks of a sparse network and the one routine that changes them (prune by one score, regrow by another,
/// RigL's <c>mask_updaters</c> shape). Every layer keeps exactly its initial number of active weights.
/// </summary>
public sealed class SparseTopology : IDisposable
{
    /// <summary>Decay of <see cref="MaskedParameter.GradientSquareAverage"/> (Adam's default beta2).</summary>
    public const double GradientSquareDecay = 0.999;

    private readonly List<MaskedParameter> _layers;
    private readonly Dictionary<string, MaskedParameter> _byName;
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
        bool bernoulli = false)
    {
        ArgumentNullException.ThrowIfNull(sparsifiable);
        ArgumentNullException.ThrowIfNull(distribution);
        var parameters = sparsifiable.ToList();
        if (parameters.Count == 0)
        {
            throw new ArgumentException("there are no sparsifiable parameters", nameof(sparsifiable));
        }

        var duplicate = parameters.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"parameter name '{duplicate.Key}' appears more than once", nameof(sparsifiable));
        }

        var densities = distribution.Densities(parameters.Select(p => p.Param.shape).ToList(), sparsity);
        if (densities.Count != parameters.Count)
        {
            throw new InvalidOperationException(
                $"density distribution '{distribution.Name}' returned {densities.Count} densities for {parameters.Count} layers");
        }

        var layers = new List<MaskedParameter>(parameters.Count);
        try
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                var (name, param) = parameters[i];
                var target = ActiveCountFor(densities[i], param.numel());
                var mask = RandomMask(param, target, bernoulli ? densities[i] : null, StableSeed.Derive(seed, name, "initial-mask"));
                layers.Add(new MaskedParameter(name, param, mask, bernoulli ? mask.count_nonzero().item<long>() : target));
            }
        }
        catch
        {
            foreach (var layer in layers)
            {
                layer.Mask.Dispose();
            }

            throw;
        }

        var topology = new SparseTopology(layers);
        topology.ApplyMasks();
        return topology;
    }

    /// <summary>
    /// Creates a topology from given masks (a checkpoint, another ticket, a hand-made example): each mask is copied
    /// (as 0/1 in the weight's dtype and device), its active count becomes the layer's target, and the masked
    /// weights are zeroed.
    /// </summary>
    public static SparseTopology FromMasks(IEnumerable<(string Name, Parameter Param, Tensor Mask)> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var list = layers.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("there are no sparsifiable parameters", nameof(layers));
        }

        var duplicate = list.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"parameter name '{duplicate.Key}' appears more than once", nameof(layers));
        }

        var masked = new List<MaskedParameter>(list.Count);
        try
        {
            foreach (var (name, param, mask) in list)
            {
                if (!mask.shape.SequenceEqual(param.shape))
                {
                    throw new ArgumentException(
                        $"mask of '{name}' has shape [{string.Join("x", mask.shape)}], the weight [{string.Join("x", param.shape)}]", nameof(layers));
                }

                using var scope = NewDisposeScope();
                var copy = mask.ne(0).to(param.dtype, param.device).clone().DetachFromDisposeScope();
                masked.Add(new MaskedParameter(name, param, copy, copy.count_nonzero().item<long>()));
            }
        }
        catch
        {
            foreach (var layer in masked)
            {
                layer.Mask.Dispose();
            }

            throw;
        }

        var topology = new SparseTopology(masked);
        topology.ApplyMasks();
        return topology;
    }

    /// <summary>round(density * count), halves away from zero, clamped to [0, count].</summary>
    public static long ActiveCountFor(double density, long count)
    {
        if (double.IsNaN(density) || density < 0.0 || density > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(density), density, "a density must be in [0, 1]");
        }

        return Math.Clamp((long)Math.Round(density * count, MidpointRounding.AwayFromZero), 0L, count);
    }

    /// <summary>Dense-gradient statistics kept for the regrowth rule (none unless <see cref="TrackGradientStatistics"/> was called).</summary>
    public GradientStatistics TrackedStatistics { get; private set; }

    /// <summary>Momentum factor beta of <see cref="MaskedParameter.GradientMomentum"/>.</summary>
    public double GradientMomentumFactor { get; private set; }

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
        if (double.IsNaN(momentum) || momentum < 0.0)
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "a momentum factor must be a non-negative number");
        }

        if (TrackedStatistics != GradientStatistics.None)
        {
            throw new InvalidOperationException($"the topology already tracks {TrackedStatistics}");
        }

        using var scope = NewDisposeScope();
        foreach (var layer in _layers)
        {
            if (statistics.HasFlag(GradientStatistics.Momentum))
            {
                layer.GradientMomentum = zeros_like(layer.Parameter).detach().DetachFromDisposeScope();
            }

            if (statistics.HasFlag(GradientStatistics.SquareAverage))
            {
                layer.GradientSquareAverage = zeros_like(layer.Parameter).detach().DetachFromDisposeScope();
            }
        }

        TrackedStatistics = statistics;
        GradientMomentumFactor = momentum;
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
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var layer in _layers)
        {
            if (layer.Parameter.grad is not { } grad)
            {
                continue;
            }

            layer.GradientMomentum?.mul_(GradientMomentumFactor).add_(grad);
            layer.GradientSquareAverage?.mul_(GradientSquareDecay).addcmul_(grad, grad, 1.0 - GradientSquareDecay);
        }
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
    /// Every layer's current mask by parameter name, for <see cref="SgdOptimizer.Step"/>'s masked update, which keeps
    /// pruned weights and momentum at zero within the update itself: the same numbers as an unmasked step followed by
    /// <see cref="ApplyMasks"/> and <see cref="ApplyMasksToMomentum"/>, without their two passes. A topology update
    /// replaces the masks, so ask again after one.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> MasksByName()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _layers.ToDictionary(l => l.Name, l => l.Mask, StringComparer.Ordinal);
    }

    /// <summary>momentum *= mask for every layer that has a buffer, so masked momentum stays zero; call after every step.</summary>
    public void ApplyMasksToMomentum(SgdOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var noGrad = no_grad();
        foreach (var layer in _layers)
        {
            optimizer.MomentumOf(layer.Name)?.mul_(layer.Mask);
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
    /// <param name="optimizer">Optimizer whose momentum buffers are shown to the plugins and reset; may be null.</param>
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
        SgdOptimizer? optimizer,
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
            counts.Add(UpdateLayer(layer, prune, regrow, dropFraction, step, optimizer, cellSeed, zeroMomentum));
        }

        return new TopologyUpdateResult(step, dropFraction, counts);
    }

    /// <summary>ceil(p * active), clamped to [0, active].</summary>
    public static long DropCount(double dropFraction, long active)
    {
        var exact = dropFraction * active;
        var nearest = Math.Round(exact);

        // 0.3 * 10 is 3.0000000000000004 in doubles; without this tolerance ceil would drop 4.
        var drop = Math.Abs(exact - nearest) <= 1e-9 * Math.Max(1.0, exact) ? nearest : Math.Ceiling(exact);
        return Math.Clamp((long)drop, 0L, active);
    }

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

    private static Tensor RandomMask(Parameter param, long active, double? bernoulliDensity, ulong seed)
    {
        using var scope = NewDisposeScope();
        var count = param.numel();
        var flat = zeros(count, dtype: param.dtype, device: CPU);
        if (bernoulliDensity is { } density)
        {
            using var generator = new Generator(seed, CPU);
            flat = rand(new[] { count }, dtype: ScalarType.Float64, generator: generator).lt(density).to(param.dtype);
        }
        else if (active > 0)
        {
            // Drawn on the CPU so a seed gives the same mask on every device; float64 so ties are practically absent.
            using var generator = new Generator(seed, CPU);
            var scores = rand(new[] { count }, dtype: ScalarType.Float64, generator: generator);
            var chosen = scores.topk(checked((int)active), sorted: false).indexes;
            flat.index_fill_(0, chosen, 1);
        }

        return flat.reshape(param.shape).to(param.device).DetachFromDisposeScope();
    }

    private static LayerUpdateCounts UpdateLayer(
        MaskedParameter layer,
        IPruningCriterion prune,
        IRegrowthRule regrow,
        double dropFraction,
        long step,
        SgdOptimizer? optimizer,
        ulong cellSeed,
        bool zeroMomentum)
    {
        using var scope = NewDisposeScope();
        var param = layer.Parameter;
        var count = layer.Count;
        var oldMask = layer.Mask;
        var oldFlat = oldMask.reshape(-1);

        // Indices of the candidates, then top-k among them only: topk returns exactly k indices whatever the ties,
        // and scores of non-candidates (even -inf or NaN from a plugin) cannot displace a candidate. The indices only
        // feed index_fill, so every topk here is unsorted: libtorch picks the same set either way (partial_sort or
        // nth_element) and sorted=true only adds an O(k log k) sort of the winners (k = half the active weights at p = 0.5).
        var activeIndices = oldFlat.nonzero().reshape(-1);
        var active = activeIndices.shape[0];
        var drop = DropCount(dropFraction, active);
        if (drop == 0)
        {
            return new LayerUpdateCounts(layer.Name, active, 0, 0, 0);
        }

        var gradient = param.grad;
        var momentum = optimizer?.MomentumOf(layer.Name);

        Tensor keptFlat;
        using (var generator = new Generator(StableSeed.Derive(cellSeed, layer.Name, step, "prune"), param.device))
        {
            var view = View(layer, oldMask, gradient, momentum);
            var score = CheckedScore(prune.Score(view, new MaskUpdateContext(step, dropFraction, generator)), view, "pruning criterion", prune.Name);
            keptFlat = zeros(count, dtype: oldMask.dtype, device: oldMask.device);
            var keep = active - drop;
            if (keep > 0)
            {
                var activeScores = score.reshape(-1).index_select(0, activeIndices);
                var kept = activeScores.topk(checked((int)keep), sorted: false).indexes;
                keptFlat.index_fill_(0, activeIndices.index_select(0, kept), 1);
            }

            score.Dispose();
        }

        var keptMask = keptFlat.view(param.shape);

        // Pruned weights and their momentum go to zero now, so regrowth sees a consistent layer and any position it
        // grows (even one just pruned) starts from zero weight and zero momentum. A kept (dense) buffer is left alone.
        param.mul_(keptMask);
        if (zeroMomentum)
        {
            momentum?.mul_(keptMask);
        }

        var newFlat = keptFlat.clone();
        Tensor grownIndices;
        using (var generator = new Generator(StableSeed.Derive(cellSeed, layer.Name, step, "regrow"), param.device))
        {
            var view = View(layer, keptMask, gradient, momentum);
            var score = CheckedScore(regrow.Score(view, new MaskUpdateContext(step, dropFraction, generator)), view, "regrowth rule", regrow.Name);
            var inactiveIndices = keptFlat.eq(0).nonzero().reshape(-1);
            var inactiveScores = score.reshape(-1).index_select(0, inactiveIndices);
            var grown = inactiveScores.topk(checked((int)drop), sorted: false).indexes;
            grownIndices = inactiveIndices.index_select(0, grown);
            newFlat.index_fill_(0, grownIndices, 1);
            score.Dispose();
        }

        var after = newFlat.count_nonzero().item<long>();
        if (after != active)
        {
            throw new InvalidOperationException(
                $"topology update at step {step} changed the active count of layer '{layer.Name}' from {active} to {after}");
        }

        var relocated = oldFlat.index_select(0, grownIndices).eq(0).count_nonzero().item<long>();
        layer.Mask = newFlat.view(param.shape).DetachFromDisposeScope();
        oldMask.Dispose();
        return new LayerUpdateCounts(layer.Name, active, drop, drop, relocated);
    }

    private static MaskedLayer View(MaskedParameter layer, Tensor mask, Tensor? gradient, Tensor? momentum) =>
        new(layer.Name, layer.Parameter, mask, gradient, momentum)
        {
            GradientMomentum = layer.GradientMomentum,
            GradientSquareAverage = layer.GradientSquareAverage,
        };

    private static Tensor CheckedScore(Tensor? score, MaskedLayer layer, string kind, string pluginName)
    {
        if (score is null)
        {
            throw new InvalidOperationException($"{kind} '{pluginName}' returned no score for layer '{layer.Name}'");
        }

        if (ReferenceEquals(score, layer.Weight) || ReferenceEquals(score, layer.Mask)
            || ReferenceEquals(score, layer.Gradient) || ReferenceEquals(score, layer.Momentum)
            || ReferenceEquals(score, layer.GradientMomentum) || ReferenceEquals(score, layer.GradientSquareAverage))
        {
            throw new InvalidOperationException(
                $"{kind} '{pluginName}' returned an engine-owned tensor as the score for layer '{layer.Name}'; return a new tensor");
        }

        if (!score.shape.SequenceEqual(layer.Weight.shape))
        {
            var got = string.Join("x", score.shape);
            score.Dispose();
            throw new InvalidOperationException(
                $"{kind} '{pluginName}' returned a score of shape [{got}] for layer '{layer.Name}' of shape [{string.Join("x", layer.Weight.shape)}]");
        }

        if (score.device_type != layer.Weight.device_type)
        {
            score.Dispose();
            throw new InvalidOperationException(
                $"{kind} '{pluginName}' returned a score on {score.device_type} for layer '{layer.Name}' on {layer.Weight.device_type}");
        }

        return score;
    }
}
