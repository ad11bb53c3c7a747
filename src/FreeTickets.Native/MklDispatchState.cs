namespace FreeTickets.Native;

/// <summary>What happened to the vendor check of libtorch's oneMKL (see <see cref="MklDispatch"/>).</summary>
public enum MklDispatchState
{
    /// <summary><see cref="TorchNative.EnsureLoaded"/> has not run.</summary>
    NotLoaded,

    /// <summary>An AMD CPU: MKL takes the kernels an Intel CPU gets.</summary>
    IntelPath,

    /// <summary>
    /// An AMD CPU where the user turned the adjustment off (<c>FREETICKETS_MKL_INTEL_PATH=off</c>): results round
    /// differently from a default run on the same machine, and result rows say so in their device column.
    /// </summary>
    SwitchedOff,

    /// <summary>Left as it was, for the reason in <see cref="MklDispatch.Reason"/> (another vendor, another MKL build, ...).</summary>
    AsIs,
}
