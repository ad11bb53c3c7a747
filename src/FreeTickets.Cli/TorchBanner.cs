using FreeTickets.Core.Running;
using FreeTickets.Native;
using static TorchSharp.torch;

namespace FreeTickets.Cli;

/// <summary>
/// Two lines describing the torch runtime (versions and devices, then the native settings), produced by running a real op
/// so that a broken install fails loudly.
/// </summary>
internal static class TorchBanner
{
    public static string Describe()
    {
        TorchRuntime.Initialize(threads: null);
        var native = TorchNative.Setup;
        using var probe = arange(4, dtype: ScalarType.Float32);
        var sum = probe.sum().item<float>();
        if (sum != 6f)
        {
            throw new InvalidOperationException($"torch self-test failed: sum(0..3) = {sum}");
        }

        return $"torch: libtorch {TorchRuntime.LibTorchVersion}, TorchSharp {TorchRuntime.TorchSharpVersion}, "
            + $"cuda {(cuda.is_available() ? "available" : "not available")}, {TorchRuntime.Threads} threads; self-test ok\n"
            + $"native bridge {native.Bridge}, MKL {native.Mkl}, malloc {native.Allocator}, "
            + $"NNPACK {native.Nnpack}, libtorch warnings {native.Warnings}";
    }
}
