namespace FreeTickets.Native;

/// <summary>Whether convolutions may use NNPACK; <see cref="ToString"/> is the torch banner's text.</summary>
/// <param name="State">What happened.</param>
/// <param name="Reason">Why NNPACK is off or was left as it was; <c>null</c> for <see cref="NnpackState.On"/> and
/// <see cref="NnpackState.NotLoaded"/>.</param>
public sealed record NnpackSetting(NnpackState State, string? Reason)
{
    /// <summary>Before <see cref="TorchNative.EnsureLoaded"/>.</summary>
    public static NnpackSetting NotLoaded { get; } = new(NnpackState.NotLoaded, null);

    /// <summary><c>on</c>, <c>off (cannot initialise on this CPU)</c>, or <c>as-is (reason)</c>.</summary>
    public override string ToString() => State switch
    {
        NnpackState.NotLoaded => "not-loaded",
        NnpackState.On => "on",
        NnpackState.Off => $"off ({Reason})",
        _ => $"as-is ({Reason})",
    };
}
