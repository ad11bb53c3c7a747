using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Sparsity.Plugins;

/// <summary>Breaks the scoring contract in a chosen way, to check the engine's error messages.</summary>
internal sealed class AdversarialPlugin(AdversarialPlugin.Misbehaviour misbehaviour) : IPruningCriterion, IRegrowthRule
{
    public enum Misbehaviour
    {
        WrongShape,
        ReturnsWeight,
        NaNAndInfinity,
    }

    public string Name => "test-adversarial";

    public string Description => "breaks the contract (test only)";

    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) => misbehaviour switch
    {
        Misbehaviour.WrongShape => zeros(layer.Count + 1),
        Misbehaviour.ReturnsWeight => layer.Weight,
        // Every other position NaN, the rest -inf: selection must still be exact.
        _ => full(layer.Count, double.NegativeInfinity).masked_fill_(arange(layer.Count).remainder(2).eq(0), double.NaN).reshape(layer.Weight.shape),
    };
}
