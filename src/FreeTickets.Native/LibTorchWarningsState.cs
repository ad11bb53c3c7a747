namespace FreeTickets.Native;

/// <summary>What happens to libtorch's own warnings (see <see cref="LibTorchWarnings"/>).</summary>
public enum LibTorchWarningsState
{
    /// <summary><see cref="TorchNative.EnsureLoaded"/> has not run.</summary>
    NotLoaded,

    /// <summary>Hidden: only errors print (the default).</summary>
    Hidden,

    /// <summary>Printed, as <see cref="NativeWarnings.Show"/> (the tool's <c>--verbose</c>) asked.</summary>
    Shown,

    /// <summary>Left at the level libtorch chose, for the reason in <see cref="LibTorchWarnings.Reason"/> (the user set <c>TORCH_CPP_LOG_LEVEL</c>, ...).</summary>
    AsIs,
}
