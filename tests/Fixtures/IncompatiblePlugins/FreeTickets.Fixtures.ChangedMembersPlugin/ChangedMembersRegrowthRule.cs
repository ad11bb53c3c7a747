using FreeTickets.Abstractions;

namespace FreeTickets.Fixtures.ChangedMembersPlugin;

/// <summary>Implements the old contract's IRegrowthRule, whose Score has another signature than the host's.</summary>
public sealed class ChangedMembersRegrowthRule : IRegrowthRule
{
    /// <inheritdoc />
    public string Name => "changed-members";

    /// <inheritdoc />
    public string Description => "built against an IRegrowthRule with another member set";

    /// <inheritdoc />
    public float Score(string layerName) => layerName.Length;
}
