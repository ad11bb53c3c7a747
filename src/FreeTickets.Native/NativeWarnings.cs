using System.Runtime.InteropServices;

namespace FreeTickets.Native;

/// <summary>
/// Keeps libtorch's own warnings off the terminal unless they are asked for (<see cref="Show"/>), and switches NNPACK off
/// for the process where it cannot initialise.
/// </summary>
/// <remarks>
/// <para>libtorch writes its warnings (c10's <c>LOG(WARNING)</c> and <c>TORCH_WARN</c>) straight to standard error. On a CPU
/// that NNPACK does not support, every convolution that falls through to NNPACK's checks prints
/// <c>[W... NNPACK.cpp:56] Could not initialize NNPACK! Reason: Unsupported hardware.</c>, in every process. TorchSharp
/// 0.107 exposes neither c10's log level nor NNPACK (its <c>torch.backends</c> covers only cuDNN, cuBLAS and CUDA flags), and
/// <c>TORCH_CPP_LOG_LEVEL</c> is read from the native environment when libtorch loads, which a .NET process cannot change
/// for itself on Linux. Once libtorch is loaded we therefore set c10's level, the exported integer
/// <c>FLAGS_caffe2_log_level</c> of libc10, to ERROR, or back to libtorch's default WARNING after <see cref="Show"/> (the
/// tool's <c>--verbose</c>). Errors always print. Where the user set <c>TORCH_CPP_LOG_LEVEL</c>, their level stays.</para>
/// <para>We also ask libtorch once, with warnings silenced, whether NNPACK initialised (<c>at::native::_nnpack_available</c>)
/// and where it did not, turn NNPACK off for the process (<c>at::globalContext().setUserEnabledNNPACK(false)</c>), which
/// convolutions check before asking again. Results do not change: a convolution uses NNPACK only where it initialised.
/// <see cref="NativeSetup.Nnpack"/> says which, once, in the torch banner.</para>
/// </remarks>
public static class NativeWarnings
{
    /// <summary>libtorch's own variable for c10's log level; when set, the user's level is kept.</summary>
    public const string LevelVariable = "TORCH_CPP_LOG_LEVEL";

    private const int WarningLevel = 1;
    private const int ErrorLevel = 2;
    private static readonly Lock _gate = new();
    private static IntPtr _level;
    private static bool _show;

    /// <summary>
    /// What happens to libtorch's warnings: hidden, shown, or as is where the level is the user's or cannot be reached
    /// (part of <see cref="TorchNative.Setup"/>).
    /// </summary>
    internal static LibTorchWarnings Warnings { get; private set; } = LibTorchWarnings.NotLoaded;

    /// <summary>Whether convolutions may use NNPACK (part of <see cref="TorchNative.Setup"/>).</summary>
    internal static NnpackSetting Nnpack { get; private set; } = NnpackSetting.NotLoaded;

    /// <summary>Lets libtorch's warnings through from now on (before or after loading); what <c>--verbose</c> asks for.</summary>
    public static void Show()
    {
        lock (_gate)
        {
            _show = true;
            if (_level != IntPtr.Zero)
            {
                Marshal.WriteInt32(_level, WarningLevel);
                Warnings = new LibTorchWarnings(LibTorchWarningsState.Shown, null);
            }
        }
    }

    /// <summary>
    /// Applies both settings to the libtorch in <paramref name="nativeDirectory"/>, which must already be loaded; null when
    /// its folder is unknown (outside Linux, or a bridge TorchSharp loads by itself).
    /// </summary>
    internal static void Apply(string? nativeDirectory)
    {
        lock (_gate)
        {
            if (nativeDirectory is null || !OperatingSystem.IsLinux())
            {
                Warnings = new LibTorchWarnings(LibTorchWarningsState.AsIs, "libtorch folder unknown");
                Nnpack = new NnpackSetting(NnpackState.AsIs, "libtorch folder unknown");
                return;
            }

            if (!TryExport(nativeDirectory, "libc10.so", "FLAGS_caffe2_log_level", out var level))
            {
                Warnings = new LibTorchWarnings(LibTorchWarningsState.AsIs, "no c10 log level in libc10");
                Nnpack = new NnpackSetting(NnpackState.AsIs, "no c10 log level in libc10");
                return;
            }

            var userLevel = Environment.GetEnvironmentVariable(LevelVariable);
            var initial = Marshal.ReadInt32(level);
            Marshal.WriteInt32(level, Math.Max(initial, ErrorLevel));
            try
            {
                Nnpack = SwitchNnpack(nativeDirectory);
            }
            finally
            {
                Marshal.WriteInt32(level, initial);
            }

            if (!string.IsNullOrEmpty(userLevel))
            {
                Warnings = new LibTorchWarnings(LibTorchWarningsState.AsIs, $"{LevelVariable}={userLevel}");
                return;
            }

            _level = level;
            Marshal.WriteInt32(level, _show ? WarningLevel : ErrorLevel);
            Warnings = new LibTorchWarnings(_show ? LibTorchWarningsState.Shown : LibTorchWarningsState.Hidden, null);
        }
    }

    private static unsafe NnpackSetting SwitchNnpack(string nativeDirectory)
    {
        if (!TryExport(nativeDirectory, "libtorch_cpu.so", "_ZN2at6native17_nnpack_availableEv", out var available)
            || !TryExport(nativeDirectory, "libtorch_cpu.so", "_ZN2at13globalContextEv", out var globalContext)
            || !TryExport(nativeDirectory, "libtorch_cpu.so", "_ZN2at7Context20setUserEnabledNNPACKEb", out var setEnabled))
        {
            return new NnpackSetting(NnpackState.AsIs, "libtorch without NNPACK switches");
        }

        // bool at::native::_nnpack_available(); at::Context& at::globalContext(); void at::Context::setUserEnabledNNPACK(bool).
        if (((delegate* unmanaged<byte>)available)() != 0)
        {
            return new NnpackSetting(NnpackState.On, null);
        }

        var context = ((delegate* unmanaged<IntPtr>)globalContext)();
        ((delegate* unmanaged<IntPtr, byte, void>)setEnabled)(context, 0);
        return new NnpackSetting(NnpackState.Off, "cannot initialise on this CPU");
    }

    private static bool TryExport(string directory, string library, string symbol, out IntPtr address)
    {
        address = IntPtr.Zero;
        var path = Path.Combine(directory, library);
        return File.Exists(path) && NativeLibrary.TryLoad(path, out var handle) && NativeLibrary.TryGetExport(handle, symbol, out address);
    }
}
