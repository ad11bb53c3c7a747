using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Pruning.Taylor;

/// <summary>
/// Keeps the weights of largest first-order Taylor saliency |w * grad|, the estimated change of the loss when the weight
/// is removed (Molchanov et al., "Pruning Convolutional Neural Networks for Resource Efficient Inference", ICLR 2017;
/// per parameter as in Molchanov et al., "Importance Estimation for Neural Network Pruning", CVPR 2019, whose
/// (w * grad)^2 ranks identically). The gradient is the last step's mini-batch gradient, which sparse training computes
/// for the active weights anyway, so the criterion adds no FLOPs. Before the first gradient exists (<c>Gradient</c> is
/// null) it falls back to magnitude |w|.
/// </summary>
public sealed class TaylorPruningCriterion : IPruningCriterion
{
    /// <inheritdoc />
    public string Name => "taylor";

    /// <inheritdoc />
    public string Description => "keep the largest |w * grad|, first-order Taylor (Molchanov et al. 2017, 2019); |w| before the first gradient";

    /// <inheritdoc />
    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) =>
        layer.Gradient is { } gradient ? layer.Weight.detach().mul(gradient.detach()).abs_() : layer.Weight.detach().abs();
}
