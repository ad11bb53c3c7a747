using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Fixtures.MissingMemberPlugin;

/// <summary>
/// Implements the contract's interface exactly, so it loads and can be created, but Score reads MaskedLayer.Density,
/// which the host's contract lacks: without a check at load time it would fail only at the first topology update.
/// </summary>
public sealed class MissingMemberPruningCriterion : IPruningCriterion
{
    /// <inheritdoc />
    public string Name => "missing-member";

    /// <inheritdoc />
    public string Description => "reads MaskedLayer.Density in Score";

    /// <inheritdoc />
    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) => layer.Weight.abs() * layer.Density;
}
