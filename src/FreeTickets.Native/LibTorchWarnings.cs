namespace FreeTickets.Native;

/// <summary>What happens to libtorch's own warnings; <see cref="ToString"/> is the torch banner's text.</summary>
/// <param name="State">What happens.</param>
/// <param name="Reason">Why the level was left as it was; <c>null</c> unless <see cref="LibTorchWarningsState.AsIs"/>.</param>
public sealed record LibTorchWarnings(LibTorchWarningsState State, string? Reason)
{
    /// <summary>Before <see cref="TorchNative.EnsureLoaded"/>.</summary>
    public static LibTorchWarnings NotLoaded { get; } = new(LibTorchWarningsState.NotLoaded, null);

    /// <summary><c>hidden</c>, <c>shown</c>, or <c>as-is (reason)</c>.</summary>
    public override string ToString() => State switch
    {
        LibTorchWarningsState.NotLoaded => "not-loaded",
        LibTorchWarningsState.Hidden => "hidden",
        LibTorchWarningsState.Shown => "shown",
        _ => $"as-is ({Reason})",
    };
}
