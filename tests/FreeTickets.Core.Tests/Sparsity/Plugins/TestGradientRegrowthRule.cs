using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Sparsity.Plugins;

/// <summary>Test-only gradient regrowth (RigL: |grad|); zeros when no gradient exists.</summary>
internal sealed class TestGradientRegrowthRule : IRegrowthRule
{
    public string Name => "test-gradient";

    public string Description => "|grad| (test only)";

    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) =>
        layer.Gradient is { } gradient ? gradient.abs() : zeros_like(layer.Weight);
}
