namespace FreeTickets.Native;

/// <summary>How <see cref="TorchNative.EnsureLoaded"/> got TorchSharp's native bridge (libLibTorchSharp) into the process.</summary>
public enum BridgeLoadMode
{
    /// <summary><see cref="TorchNative.EnsureLoaded"/> has not run (or failed).</summary>
    NotLoaded,

    /// <summary>The shipped library loaded as it is.</summary>
    AsShipped,

    /// <summary>A copy with some symbol-version requirements marked weak loaded (see <see cref="BridgeLoad.WeakVersions"/>).</summary>
    Patched,

    /// <summary>Not Linux: nothing to do, TorchSharp loads its bridge itself.</summary>
    NotLinux,

    /// <summary>The library is not where TorchSharp looks: TorchSharp reports it on first use.</summary>
    NotFound,

    /// <summary>A loader error that names no missing symbol version (a missing libtorch, say): TorchSharp reports it on first use.</summary>
    Unpatchable,
}
