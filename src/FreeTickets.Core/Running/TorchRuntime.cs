using System.Globalization;
using System.Reflection;
using FreeTickets.Native;
using static TorchSharp.torch;

namespace FreeTickets.Core.Running;

/// <summary>The one place where the process's torch is initialised and the device is chosen.</summary>
public static class TorchRuntime
{
    /// <summary>
    /// Loads the native bridge (see <see cref="TorchNative"/>) and sets the intra-op thread count.
    /// <paramref name="threads"/> null keeps libtorch's default (one per core).
    /// </summary>
    public static void Initialize(int? threads)
    {
        TorchNative.EnsureLoaded();
        if (threads is { } n)
        {
            if (n < 1)
            {
                throw new BadSettingException(RunSetting.Threads, _ => $"must be at least 1 (got {n})");
            }

            set_num_threads(n);
        }
    }

    /// <summary>Threads libtorch uses for intra-op parallelism.</summary>
    public static int Threads => get_num_threads();

    /// <summary>
    /// Resolves <c>auto</c>, <c>cpu</c> or <c>cuda</c> (optionally <c>cuda:N</c>). <c>cuda</c> without a usable GPU is bad
    /// input with a message saying why.
    /// </summary>
    public static Device SelectDevice(string request)
    {
        var normalized = request.Trim().ToLowerInvariant();
        if (normalized == "cpu")
        {
            return CPU;
        }

        if (normalized == "auto")
        {
            return cuda.is_available() ? CUDA : CPU;
        }

        if (normalized == "cuda" || normalized.StartsWith("cuda:", StringComparison.Ordinal))
        {
            var index = 0;
            if (normalized.Length > 4 && !int.TryParse(normalized[5..], NumberStyles.None, CultureInfo.InvariantCulture, out index))
            {
                throw new BadSettingException(RunSetting.Device, _ => $"expected auto, cpu, cuda or cuda:N (got '{request}')");
            }

            if (!cuda.is_available())
            {
                throw new BadSettingException(RunSetting.Device, name =>
                    $"no CUDA device is available to this build (it uses the CPU libtorch unless built with -p:TorchBackend=cuda, see README 'Building with CUDA'); use {name} cpu (got '{request}')");
            }

            var count = cuda.device_count();
            return index < count
                ? (normalized == "cuda" ? CUDA : new Device(TorchSharp.DeviceType.CUDA, index))
                : throw new BadSettingException(RunSetting.Device, _ => $"expected cuda:0 to cuda:{count - 1} ({count} CUDA device(s)) (got '{request}')");
        }

        throw new BadSettingException(RunSetting.Device, _ => $"expected auto, cpu, cuda or cuda:N (got '{request}')");
    }

    /// <summary>Version of the managed TorchSharp assembly.</summary>
    public static string TorchSharpVersion { get; } =
        typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
        ?? typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?";

    /// <summary>Version of the loaded libtorch (for example 2.10.0).</summary>
    public static string LibTorchVersion => __version__;

    /// <summary>
    /// Human-readable description of a device for result rows (for example <c>cpu</c>, <c>cuda:0</c>). A CPU run whose
    /// user turned off MKL's fast kernels on AMD reads <c>cpu (mkl generic)</c>: its numbers round differently, so
    /// <c>check</c> must not expect them to equal a default run's bit for bit.
    /// </summary>
    public static string Describe(Device device) =>
        device.type == TorchSharp.DeviceType.CUDA ? $"cuda:{Math.Max(0, device.index)}"
        : TorchNative.Setup.Mkl.State == MklDispatchState.SwitchedOff ? "cpu (mkl generic)"
        : "cpu";
}
