using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Testing;

/// <summary>
/// The pruning half of a regrowth rule's engine test: keep the largest |w| (the built-in <c>magnitude</c> criterion's
/// score, restated here so that this package does not carry plugins).
/// </summary>
internal sealed class MagnitudeTestCriterion : IPruningCriterion
{
    public string Name => "magnitude";

    public string Description => "largest |w| (test partner)";

    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) => layer.Weight.detach().abs();
}
