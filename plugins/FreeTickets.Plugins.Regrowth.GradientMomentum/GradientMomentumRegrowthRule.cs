using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Regrowth.GradientMomentum;

/// <summary>
/// Grows the inactive connections with the largest normalised momentum of the dense gradient, |m| / (sqrt(v) + 1e-8):
/// the growth score of SNFS when it trains with Adam (Dettmers and Zettlemoyer, "Sparse Networks from Scratch: Faster
/// Training without Losing Performance", arXiv 1907.04840, 2019; reference code <c>sparselearning/core.py</c>,
/// <c>Masking.get_momentum_for_weight</c>, Adam branch <c>exp_avg / (sqrt(exp_avg_sq) + 1e-08)</c>, kept in the
/// FreeTickets code). Worth having because the score is a per-connection signal-to-noise ratio: it favours connections
/// whose gradient keeps its sign over the steps rather than those with large but noisy gradients, and it is scale-free
/// across layers.
/// </summary>
/// <remarks>
/// The engine keeps both moments for this rule from the dense gradient of every step (so it costs what SNFS costs,
/// 2 f_S + f_D per example, not RigL's dense gradient at updates only: a running average needs every step): m is
/// <see cref="MaskedLayer.GradientMomentum"/> (buf = beta * buf + g, beta the optimizer's momentum factor, which equals
/// Adam's first moment divided by 1 - beta) and v is <see cref="MaskedLayer.GradientSquareAverage"/> (Adam's second
/// moment, beta2 = 0.999). The constant factor 1 - beta does not change the ranking within a layer. Like the reference
/// code the moments are not bias-corrected. Without them (a caller outside the engine) the rule falls back to
/// <c>momentum</c>'s score: |buf| if present, else |grad|, else zeros.
/// </remarks>
public sealed class GradientMomentumRegrowthRule : IRegrowthRule
{
    /// <summary>The reference code's epsilon.</summary>
    public const double Epsilon = 1e-8;

    /// <inheritdoc />
    public string Name => "gradient-momentum";

    /// <inheritdoc />
    public string Description => "largest |m| / (sqrt(v) + 1e-8) of the dense gradient (SNFS's growth score under Adam: Dettmers and Zettlemoyer 2019)";

    /// <inheritdoc />
    public RegrowthCost Cost => RegrowthCost.DenseGradientEveryStep;

    /// <inheritdoc />
    public GradientStatistics GradientStatistics => GradientStatistics.Momentum | GradientStatistics.SquareAverage;

    /// <inheritdoc />
    public Tensor Score(MaskedLayer layer, MaskUpdateContext context)
    {
        if (layer.GradientMomentum is { } momentum && layer.GradientSquareAverage is { } square)
        {
            using var scope = NewDisposeScope();
            return momentum.detach().abs().div_(square.detach().sqrt().add_(Epsilon)).MoveToOuterDisposeScope();
        }

        return layer.GradientMomentum is { } buffer ? buffer.detach().abs()
            : layer.Gradient is { } gradient ? gradient.detach().abs()
            : zeros_like(layer.Weight);
    }
}
