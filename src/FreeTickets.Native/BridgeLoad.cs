namespace FreeTickets.Native;

/// <summary>How the native bridge was loaded; <see cref="ToString"/> is the torch banner's text.</summary>
/// <param name="Mode">What happened.</param>
/// <param name="WeakVersions">The symbol versions marked weak in the patched copy, in ordinal order; empty unless
/// <see cref="BridgeLoadMode.Patched"/>.</param>
/// <param name="PatchedLibraryPath">Path of the patched copy in use, or <c>null</c> unless <see cref="BridgeLoadMode.Patched"/>.</param>
public sealed record BridgeLoad(BridgeLoadMode Mode, IReadOnlyList<string> WeakVersions, string? PatchedLibraryPath)
{
    /// <summary>Before <see cref="TorchNative.EnsureLoaded"/>.</summary>
    public static BridgeLoad NotLoaded { get; } = Of(BridgeLoadMode.NotLoaded);

    /// <summary>
    /// Whether the bridge came from the folder TorchSharp ships it in, next to libtorch: only then do the MKL and
    /// libtorch-warning settings know where libtorch is.
    /// </summary>
    public bool LibTorchFolderKnown => Mode is BridgeLoadMode.AsShipped or BridgeLoadMode.Patched;

    /// <summary>A mode without a patched copy.</summary>
    /// <param name="mode">Any mode but <see cref="BridgeLoadMode.Patched"/>.</param>
    public static BridgeLoad Of(BridgeLoadMode mode) => new(mode, [], null);

    /// <summary><c>as-shipped</c>, <c>patched:GLIBCXX_3.4.32</c> (versions joined by <c>+</c>), <c>not-linux</c>, ...</summary>
    public override string ToString() => Mode switch
    {
        BridgeLoadMode.NotLoaded => "not-loaded",
        BridgeLoadMode.AsShipped => "as-shipped",
        BridgeLoadMode.Patched => "patched:" + string.Join('+', WeakVersions),
        BridgeLoadMode.NotLinux => "not-linux",
        BridgeLoadMode.NotFound => "not-found",
        BridgeLoadMode.Unpatchable => "unpatchable",
        _ => Mode.ToString(),
    };
}
