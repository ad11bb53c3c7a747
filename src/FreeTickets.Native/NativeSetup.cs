namespace FreeTickets.Native;

/// <summary>
/// What <see cref="TorchNative.EnsureLoaded"/> did to the process, setting by setting, as values callers can test
/// (the CSV device column reads <see cref="Mkl"/>'s state); each part's <c>ToString()</c> is the text the torch banner
/// prints for it.
/// </summary>
/// <param name="Bridge">How TorchSharp's native bridge was loaded.</param>
/// <param name="Mkl">Whether oneMKL takes its fast kernels on an AMD CPU.</param>
/// <param name="Allocator">How glibc's malloc was tuned for libtorch's buffers.</param>
/// <param name="Nnpack">Whether convolutions may use NNPACK.</param>
/// <param name="Warnings">What happens to libtorch's own warnings.</param>
public sealed record NativeSetup(BridgeLoad Bridge, MklDispatch Mkl, AllocatorTuning Allocator, NnpackSetting Nnpack, LibTorchWarnings Warnings)
{
    /// <summary>Before <see cref="TorchNative.EnsureLoaded"/>: every part not loaded.</summary>
    public static NativeSetup NotLoaded { get; } =
        new(BridgeLoad.NotLoaded, MklDispatch.NotLoaded, AllocatorTuning.NotLoaded, NnpackSetting.NotLoaded, LibTorchWarnings.NotLoaded);
}
