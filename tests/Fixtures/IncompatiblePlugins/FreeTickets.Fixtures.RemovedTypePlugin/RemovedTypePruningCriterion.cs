using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Fixtures.RemovedTypePlugin;

/// <summary>Derives from LegacyPluginBase, which the host's contract does not define.</summary>
public sealed class RemovedTypePruningCriterion : LegacyPluginBase, IPruningCriterion
{
    /// <inheritdoc />
    public string Name => "removed-type";

    /// <inheritdoc />
    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) => layer.Weight.abs();
}
