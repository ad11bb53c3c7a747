namespace FreeTickets.Native;

/// <summary>What happened to glibc's malloc settings (see <see cref="AllocatorTuning"/>).</summary>
public enum AllocatorTuningState
{
    /// <summary><see cref="TorchNative.EnsureLoaded"/> has not run.</summary>
    NotLoaded,

    /// <summary>Tuned so that libtorch's buffers are reused from the heap instead of mapped and unmapped at every step.</summary>
    Reuse,

    /// <summary>The user turned the tuning off (<c>FREETICKETS_MALLOC_TUNING=off</c>).</summary>
    SwitchedOff,

    /// <summary>Left as it was, for the reason in <see cref="AllocatorTuning.Detail"/> (the user tunes malloc, no glibc, ...).</summary>
    AsIs,
}
