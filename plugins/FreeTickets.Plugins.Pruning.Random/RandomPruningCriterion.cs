using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Pruning.Random;

/// <summary>
/// Drops active weights uniformly at random: the naive baseline that a pruning criterion has to beat (random pruning as
/// a sparse-training baseline: Liu et al., "The Unreasonable Effectiveness of Random Pruning: Return of the Most Naive
/// Baseline for Sparse Training", ICLR 2022). Scores are drawn from the update's seeded generator.
/// </summary>
public sealed class RandomPruningCriterion : IPruningCriterion
{
    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public string Description => "drop uniformly at random (baseline; Liu et al. 2022)";

    /// <inheritdoc />
    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) =>
        rand(layer.Weight.shape, dtype: layer.Weight.dtype, device: layer.Weight.device, generator: context.Generator);
}
