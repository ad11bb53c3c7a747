using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Sparsity.Plugins;

/// <summary>Test-only magnitude pruning (|w|), so engine tests do not depend on the plugin projects.</summary>
internal sealed class TestMagnitudeCriterion : IPruningCriterion
{
    public string Name => "test-magnitude";

    public string Description => "|w| (test only)";

    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) => layer.Weight.abs();
}
