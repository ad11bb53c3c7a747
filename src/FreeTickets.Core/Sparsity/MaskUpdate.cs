using FreeTickets.Abstractions;
using FreeTickets.Core.Randomness;
using static TorchSharp.torch;

namespace FreeTickets.Core.Sparsity;

/// <summary>
/// The one routine that changes a mask (RigL's <c>mask_updaters</c> shape): prune the active weights with the lowest
/// scores of one plugin, then grow as many inactive positions with the highest scores of another.
/// </summary>
internal static class MaskUpdate
{
    /// <summary>ceil(p * active), clamped to [0, active].</summary>
    public static long DropCount(double dropFraction, long active)
    {
        var exact = dropFraction * active;
        var nearest = Math.Round(exact);

        // 0.3 * 10 is 3.0000000000000004 in doubles; without this tolerance ceil would drop 4.
        var drop = Math.Abs(exact - nearest) <= 1e-9 * Math.Max(1.0, exact) ? nearest : Math.Ceiling(exact);
        return Math.Clamp((long)drop, 0L, active);
    }

    /// <summary>Updates one layer's mask (see <see cref="SparseTopology.Update"/>); call under no_grad.</summary>
    public static LayerUpdateCounts Layer(
        MaskedParameter layer,
        IPruningCriterion prune,
        IRegrowthRule regrow,
        double dropFraction,
        long step,
        IMomentumBuffers? momentumBuffers,
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
        var momentum = momentumBuffers?.MomentumOf(layer.Name);

        Tensor keptFlat;
        using (var generator = new Generator(StableSeed.Derive(cellSeed, layer.Name, step, "prune"), param.device))
        {
            var view = View(layer, oldMask, gradient, momentum);
            var score = PluginScores.Checked(prune.Score(view, new MaskUpdateContext(step, dropFraction, generator)), view, "pruning criterion", prune.Name);
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
            var score = PluginScores.Checked(regrow.Score(view, new MaskUpdateContext(step, dropFraction, generator)), view, "regrowth rule", regrow.Name);
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

    /// <summary>What a plugin sees of a layer: the weight, <paramref name="mask"/>, the gradient, momentum and statistics.</summary>
    private static MaskedLayer View(MaskedParameter layer, Tensor mask, Tensor? gradient, Tensor? momentum) =>
        new(layer.Name, layer.Parameter, mask, gradient, momentum)
        {
            GradientMomentum = layer.GradientMomentum,
            GradientSquareAverage = layer.GradientSquareAverage,
        };
}
