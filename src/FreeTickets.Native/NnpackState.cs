namespace FreeTickets.Native;

/// <summary>Whether convolutions may use NNPACK (see <see cref="NnpackSetting"/>).</summary>
public enum NnpackState
{
    /// <summary><see cref="TorchNative.EnsureLoaded"/> has not run.</summary>
    NotLoaded,

    /// <summary>NNPACK initialised on this CPU and stays available.</summary>
    On,

    /// <summary>NNPACK cannot initialise on this CPU, so it was switched off for the process (results do not change).</summary>
    Off,

    /// <summary>Left as it was, for the reason in <see cref="NnpackSetting.Reason"/> (libtorch's folder unknown, ...).</summary>
    AsIs,
}
