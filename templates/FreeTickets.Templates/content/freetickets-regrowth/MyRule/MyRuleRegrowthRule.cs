using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace MyRule;

/// <summary>
/// Grows the inactive connections with the largest dense-gradient magnitude |g| (as RigL: Evci et al., ICML 2020),
/// with a tiny seeded random term that orders positions whose gradient is zero. Replace this text with what your rule
/// does and the paper it comes from.
/// </summary>
/// <remarks>
/// The engine calls <see cref="Score"/> once per sparsifiable layer at every topology update, after pruning. It grows
/// exactly as many positions as it pruned: those with the highest scores among the positions that are inactive after
/// the prune (scores of active positions are ignored). New weights and their momentum start at zero.
/// </remarks>
public sealed class MyRuleRegrowthRule : IRegrowthRule
{
    // Far below any gradient that matters; float32 still tells 1e-12 * u apart from 0, so all-zero gradients (positions
    // the gradient never reached) are grown in a seeded random order instead of the engine's fixed tie order.
    private const double TieBreak = 1e-12;

    /// <summary>The key in benchmarks.json (<c>"regrow": "my-rule"</c>): lowercase kebab-case, unique among regrowth rules.</summary>
    public string Name => "my-rule";

    /// <summary>One line shown by <c>dotnet freetickets-bench list</c>.</summary>
    public string Description => "largest dense |grad|, seeded random tie-break";

    /// <summary>
    /// What the rule costs beyond sparse training, for the FLOPs columns of the results (f_S, f_D: sparse and dense
    /// forward FLOPs per example). <see cref="RegrowthCost.DenseGradientAtUpdates"/> (the default, RigL): the rule reads
    /// the dense gradient at topology updates only. Return <see cref="RegrowthCost.SparseOnly"/> when the score uses only
    /// weights and random numbers, and <see cref="RegrowthCost.DenseGradientEveryStep"/> when it asks for
    /// <see cref="GradientStatistics"/>.
    /// </summary>
    public RegrowthCost Cost => RegrowthCost.DenseGradientAtUpdates;

    /// <summary>
    /// Running statistics of the dense gradient that the engine keeps for this rule at every step (never reset by
    /// updates, saved in checkpoints): <see cref="FreeTickets.Abstractions.GradientStatistics.Momentum"/> fills
    /// <see cref="MaskedLayer.GradientMomentum"/> (buf = beta * buf + g), <see cref="FreeTickets.Abstractions.GradientStatistics.SquareAverage"/>
    /// fills <see cref="MaskedLayer.GradientSquareAverage"/> (v = 0.999 v + 0.001 g^2). Asking for any costs a dense
    /// gradient every step, so <see cref="Cost"/> must then be <see cref="RegrowthCost.DenseGradientEveryStep"/> (the
    /// engine refuses the rule otherwise). This rule needs none.
    /// </summary>
    public GradientStatistics GradientStatistics => GradientStatistics.None;

    /// <summary>Higher means grow. A new tensor of the weight's shape, dtype and device; the engine disposes it.</summary>
    /// <param name="layer">Read-only view of the layer (mask after the prune); do not modify or dispose its tensors.</param>
    /// <param name="context">Step, drop fraction and the update's seeded generator: take every random number from it.</param>
    public Tensor Score(MaskedLayer layer, MaskUpdateContext context)
    {
        var weight = layer.Weight;
        var noise = rand(weight.shape, generator: context.Generator, dtype: weight.dtype, device: weight.device).mul_(TieBreak);

        // Change the scoring here. Available: layer.Weight (masked), layer.Mask (1 = active), layer.Gradient (dense
        // gradient of the last step; null before the first), layer.Momentum (SGD's buffer, masked: zero where you could
        // grow) and, when GradientStatistics asks for them, layer.GradientMomentum / layer.GradientSquareAverage (null
        // otherwise, and when called outside the engine: keep returning a usable score then).
        if (layer.Gradient is not { } gradient)
        {
            return noise;
        }

        return gradient.detach().abs().to(weight.dtype).add_(noise);
    }
}
