using static TorchSharp.torch;

namespace FreeTickets.Abstractions;

/// <summary>
/// Decides which inactive positions become active after pruning (the paper's "growth" step).
/// </summary>
/// <remarks>
/// A rule only scores: the engine grows exactly as many positions as were pruned, choosing the inactive
/// positions (after the prune) with the highest scores. New weights and their momentum start at zero.
/// Randomness must come from <see cref="MaskUpdateContext.Generator"/>.
/// </remarks>
public interface IRegrowthRule : IPlugin
{
    /// <summary>
    /// Returns a tensor of the weight's shape (any floating dtype, same device); higher means grow.
    /// The engine disposes the returned tensor. Scores of active positions are ignored.
    /// </summary>
    /// <param name="layer">The layer being updated (read-only view; the mask is the post-prune mask).</param>
    /// <param name="context">Step, drop fraction and the seeded generator of this update.</param>
    Tensor Score(MaskedLayer layer, MaskUpdateContext context);

    /// <summary>
    /// Extra cost of the rule for FLOPs accounting. The default assumes the rule reads the dense gradient at
    /// topology updates (like RigL); a rule that uses only random numbers or weights returns
    /// <see cref="RegrowthCost.SparseOnly"/>.
    /// </summary>
    RegrowthCost Cost => RegrowthCost.DenseGradientAtUpdates;

    /// <summary>
    /// Dense-gradient statistics the engine must keep for this rule (see <see cref="FreeTickets.Abstractions.GradientStatistics"/>);
    /// they reach <see cref="Score"/> as <see cref="MaskedLayer.GradientMomentum"/> and
    /// <see cref="MaskedLayer.GradientSquareAverage"/>. The default asks for none, so the run costs nothing extra. A rule
    /// that asks for any must declare <see cref="RegrowthCost.DenseGradientEveryStep"/> as its <see cref="Cost"/>, and must
    /// still return a usable score when they are <c>null</c> (a caller outside the engine may not provide them).
    /// </summary>
    GradientStatistics GradientStatistics => GradientStatistics.None;
}
