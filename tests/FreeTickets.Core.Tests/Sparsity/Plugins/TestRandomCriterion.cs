using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Sparsity.Plugins;

/// <summary>Test-only random pruning drawing from the context's generator.</summary>
internal sealed class TestRandomCriterion : IPruningCriterion
{
    public string Name => "test-random-prune";

    public string Description => "uniform random (test only)";

    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) =>
        rand(layer.Weight.shape, dtype: ScalarType.Float64, device: layer.Weight.device, generator: context.Generator);
}
