using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Regrowth.Momentum;

/// <summary>
/// Grows the inactive connections with the largest momentum of the dense gradient, |buf| with buf = beta * buf + g
/// (Dettmers and Zettlemoyer, "Sparse Networks from Scratch: Faster Training without Losing Performance", arXiv
/// 1907.04840, 2019: SNFS, "sparse momentum"; its momentum redistribution across layers is not part of this rule: the
/// engine keeps every layer's count fixed).
/// </summary>
/// <remarks>
/// The engine masks the optimizer's momentum after every step, so <see cref="MaskedLayer.Momentum"/> is zero where
/// this rule looks; the rule asks the engine for <see cref="GradientStatistics.Momentum"/> instead, a dense buffer with
/// the optimizer's momentum factor that sees the dense gradient every step (hence SNFS's cost, 2 f_S + f_D per
/// example). Without that buffer (a caller outside the engine) it falls back to |grad|, and to zeros before the first
/// gradient, where the engine breaks ties deterministically.
/// </remarks>
public sealed class MomentumRegrowthRule : IRegrowthRule
{
    /// <inheritdoc />
    public string Name => "momentum";

    /// <inheritdoc />
    public string Description => "largest |momentum of the dense gradient| (SNFS: Dettmers and Zettlemoyer 2019)";

    /// <inheritdoc />
    public RegrowthCost Cost => RegrowthCost.DenseGradientEveryStep;

    /// <inheritdoc />
    public GradientStatistics GradientStatistics => GradientStatistics.Momentum;

    /// <inheritdoc />
    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) =>
        layer.GradientMomentum is { } momentum ? momentum.detach().abs()
        : layer.Gradient is { } gradient ? gradient.detach().abs()
        : zeros_like(layer.Weight);
}
