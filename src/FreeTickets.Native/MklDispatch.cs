namespace FreeTickets.Native;

/// <summary>
/// Whether libtorch's oneMKL was let use its fast kernels on an AMD CPU; <see cref="ToString"/> is the torch banner's text.
/// <c>FREETICKETS_MKL_INTEL_PATH=off</c> turns the adjustment off.
/// </summary>
/// <param name="State">What happened.</param>
/// <param name="Reason">Why MKL was left as it was (<c>GenuineIntel</c>, <c>unknown MKL build</c>, ...); <c>null</c> unless
/// <see cref="MklDispatchState.AsIs"/>.</param>
public sealed record MklDispatch(MklDispatchState State, string? Reason)
{
    /// <summary>Before <see cref="TorchNative.EnsureLoaded"/>.</summary>
    public static MklDispatch NotLoaded { get; } = new(MklDispatchState.NotLoaded, null);

    /// <summary><c>intel-path</c>, or <c>as-is (reason)</c>: <c>as-is (FREETICKETS_MKL_INTEL_PATH=off)</c> when switched off.</summary>
    public override string ToString() => State switch
    {
        MklDispatchState.NotLoaded => "not-loaded",
        MklDispatchState.IntelPath => "intel-path",
        MklDispatchState.SwitchedOff => $"as-is ({MklVendorDispatch.SwitchVariable}=off)",
        _ => $"as-is ({Reason})",
    };
}
