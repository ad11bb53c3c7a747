namespace FreeTickets.Native;

/// <summary>
/// How glibc's malloc was tuned for libtorch's large buffers, or why not; <see cref="ToString"/> is the torch banner's
/// text. <c>FREETICKETS_MALLOC_TUNING=off</c> turns the tuning off.
/// </summary>
/// <param name="State">What happened.</param>
/// <param name="Detail">The thresholds set (<see cref="AllocatorTuningState.Reuse"/>) or why malloc was left as it was
/// (<see cref="AllocatorTuningState.AsIs"/>); otherwise <c>null</c>.</param>
public sealed record AllocatorTuning(AllocatorTuningState State, string? Detail)
{
    /// <summary>Before <see cref="TorchNative.EnsureLoaded"/>.</summary>
    public static AllocatorTuning NotLoaded { get; } = new(AllocatorTuningState.NotLoaded, null);

    /// <summary><c>reuse (thresholds)</c>, or <c>as-is (reason)</c>: <c>as-is (FREETICKETS_MALLOC_TUNING=off)</c> when switched off.</summary>
    public override string ToString() => State switch
    {
        AllocatorTuningState.NotLoaded => "not-loaded",
        AllocatorTuningState.Reuse => $"reuse ({Detail})",
        AllocatorTuningState.SwitchedOff => $"as-is ({NativeAllocatorTuning.SwitchVariable}=off)",
        _ => $"as-is ({Detail})",
    };
}
