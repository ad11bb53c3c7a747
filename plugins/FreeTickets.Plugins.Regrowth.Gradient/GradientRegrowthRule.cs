using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Regrowth.Gradient;

/// <summary>
/// Grows the inactive connections with the largest dense-gradient magnitude (Evci et al., "Rigging the Lottery:
/// Making All Tickets Winners", ICML 2020: RigL; the growth rule of FreeTickets' DST and EDST ensembles).
/// Before the first gradient exists every position scores zero and the engine breaks ties deterministically.
/// </summary>
public sealed class GradientRegrowthRule : IRegrowthRule
{
    /// <inheritdoc />
    public string Name => "gradient";

    /// <inheritdoc />
    public string Description => "largest dense |grad| (RigL: Evci et al. 2020)";

    /// <inheritdoc />
    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) =>
        layer.Gradient is { } grad ? grad.detach().abs() : zeros_like(layer.Weight);
}
