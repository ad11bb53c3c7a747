using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Testing;

/// <summary>
/// The regrowth half of a pruning criterion's engine test: grow uniformly at random from the update's generator (the
/// built-in <c>random</c> rule's score, restated here so that this package does not carry plugins).
/// </summary>
internal sealed class RandomTestRule : IRegrowthRule
{
    public string Name => "random";

    public string Description => "uniformly at random (test partner)";

    public RegrowthCost Cost => RegrowthCost.SparseOnly;

    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) =>
        rand(layer.Weight.shape, generator: context.Generator, dtype: layer.Weight.dtype, device: layer.Weight.device);
}
