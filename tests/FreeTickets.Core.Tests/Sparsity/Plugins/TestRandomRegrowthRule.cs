using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Sparsity.Plugins;

/// <summary>Test-only random regrowth (SET) drawing from the context's generator.</summary>
internal sealed class TestRandomRegrowthRule : IRegrowthRule
{
    public string Name => "test-random";

    public string Description => "uniform random (test only)";

    public RegrowthCost Cost => RegrowthCost.SparseOnly;

    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) =>
        rand(layer.Weight.shape, dtype: ScalarType.Float64, device: layer.Weight.device, generator: context.Generator);
}
