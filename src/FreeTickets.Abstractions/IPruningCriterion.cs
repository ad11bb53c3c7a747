using static TorchSharp.torch;

namespace FreeTickets.Abstractions;

/// <summary>
/// Decides which active weights survive a topology update (the paper's "death" step).
/// </summary>
/// <remarks>
/// A criterion only scores: the engine keeps the active positions with the highest scores, counts exactly,
/// updates the mask and resets optimizer state. Scores of inactive positions are ignored. Randomness must come
/// from <see cref="MaskUpdateContext.Generator"/> so that runs are reproducible.
/// </remarks>
public interface IPruningCriterion : IPlugin
{
    /// <summary>
    /// Returns a tensor of the weight's shape (any floating dtype, same device); higher means keep.
    /// The engine disposes the returned tensor; do not return <see cref="MaskedLayer.Weight"/> itself.
    /// </summary>
    /// <param name="layer">The layer being updated (read-only view).</param>
    /// <param name="context">Step, drop fraction and the seeded generator of this update.</param>
    Tensor Score(MaskedLayer layer, MaskUpdateContext context);
}
