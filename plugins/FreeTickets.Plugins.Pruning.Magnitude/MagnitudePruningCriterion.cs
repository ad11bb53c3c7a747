using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Pruning.Magnitude;

/// <summary>
/// Keeps the weights of largest magnitude |w| (Han et al., "Learning both Weights and Connections for Efficient
/// Neural Networks", NeurIPS 2015; the death criterion of SET, RigL and FreeTickets).
/// </summary>
public sealed class MagnitudePruningCriterion : IPruningCriterion
{
    /// <inheritdoc />
    public string Name => "magnitude";

    /// <inheritdoc />
    public string Description => "keep the largest |w| (Han et al. 2015; SET, RigL, FreeTickets)";

    /// <inheritdoc />
    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) => layer.Weight.detach().abs();
}
