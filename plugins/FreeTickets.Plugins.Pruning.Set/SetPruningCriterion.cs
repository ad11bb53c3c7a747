using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Pruning.Set;

/// <summary>
/// SET's pruning: remove the fraction p of the smallest positive weights and the fraction p of the largest negative
/// weights, that is magnitude pruning applied separately to the positive and to the negative weights (Mocanu et al.,
/// "Scalable training of artificial neural networks with adaptive sparse connectivity inspired by network science",
/// Nature Communications 9, 2383, 2018).
/// </summary>
/// <remarks>
/// <para>The engine keeps the active positions with the highest scores, so the score of an active weight is its
/// quantile by magnitude <i>within its sign</i>: the i-th smallest of n positive (or negative) active weights scores
/// (i + 0.5) / n, i = 0..n-1. Dropping the lowest ceil(p * active) scores then removes about p of the positives and p of
/// the negatives, each the ones closest to zero, while the engine keeps the layer's total exact (ceil(p * active)): each
/// sign's share is p * n rounded to the nearest whole weight, give or take one where the total forces it. Active weights
/// that are exactly zero (grown and not yet trained) are neither positive nor negative: they score 0 and go first, as
/// they lie between SET's two thresholds. Ties of equal weights within a sign are broken by position (stable sort), so
/// scores are deterministic.
/// </para>
/// <para>This is the criterion of the paper, not the "half of the drops from each sign" variant of the SNFS/FreeTickets
/// <c>sparselearning</c> code (<c>magnitude_and_negativity_death</c>), which removes the same number of positive and
/// negative weights whatever their proportions. Computing within-sign quantiles needs one sort of each sign's active
/// weights per update; selection and counting stay with the engine.</para>
/// </remarks>
public sealed class SetPruningCriterion : IPruningCriterion
{
    /// <inheritdoc />
    public string Name => "set";

    /// <inheritdoc />
    public string Description => "drop the fraction p of the smallest positive and of the largest negative weights (SET: Mocanu et al. 2018)";

    /// <inheritdoc />
    public Tensor Score(MaskedLayer layer, MaskUpdateContext context)
    {
        using var scope = NewDisposeScope();
        var weight = layer.Weight.detach().reshape(-1);
        var active = layer.Mask.detach().reshape(-1).ne(0);
        var score = zeros(weight.shape[0], dtype: ScalarType.Float64, device: weight.device);
        FillQuantiles(score, weight, active.logical_and(weight.gt(0)));
        FillQuantiles(score, weight.neg(), active.logical_and(weight.lt(0)));
        return score.to(layer.Weight.dtype).reshape(layer.Weight.shape).MoveToOuterDisposeScope();
    }

    /// <summary>score[selected position of the i-th smallest magnitude] = (i + 0.5) / n.</summary>
    private static void FillQuantiles(Tensor score, Tensor magnitude, Tensor selected)
    {
        var positions = selected.nonzero().reshape(-1);
        var count = positions.shape[0];
        if (count == 0)
        {
            return;
        }

        var order = magnitude.index_select(0, positions).sort(stable: true).Indices;
        var quantiles = arange(count, dtype: ScalarType.Float64, device: score.device).add_(0.5).div_(count);
        score.index_copy_(0, positions.index_select(0, order), quantiles);
    }
}
