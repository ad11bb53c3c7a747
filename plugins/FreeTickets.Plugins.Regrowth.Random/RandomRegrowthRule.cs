using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Regrowth.Random;

/// <summary>
/// Grows connections uniformly at random (Mocanu et al., "Scalable training of artificial neural networks with
/// adaptive sparse connectivity inspired by network science", Nature Communications 2018: SET).
/// </summary>
public sealed class RandomRegrowthRule : IRegrowthRule
{
    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public string Description => "uniform random growth (SET: Mocanu et al. 2018)";

    /// <inheritdoc />
    public RegrowthCost Cost => RegrowthCost.SparseOnly;

    /// <inheritdoc />
    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) =>
        rand(layer.Weight.shape, dtype: ScalarType.Float32, device: layer.Weight.device, generator: context.Generator);
}
