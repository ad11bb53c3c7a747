using System.Globalization;
using FreeTickets.Core.Running;
using FreeTickets.Native;
using static TorchSharp.torch;

namespace FreeTickets.Benchmarks.Infrastructure;

/// <summary>
/// Torch set-up shared by every benchmark: the first line of each <c>[GlobalSetup]</c>. BenchmarkDotNet's default
/// toolchain runs every benchmark case in a child process built from a generated project, so the native-bridge fix
/// (<see cref="TorchNative.EnsureLoaded"/>, through <see cref="TorchRuntime.Initialize"/>) must run there too, before
/// the first tensor; doing it in the setup covers the child, <c>--inProcess</c> and any other toolchain alike.
/// </summary>
public static class BenchmarkTorch
{
    /// <summary>
    /// Intra-op threads of libtorch in benchmark processes. <c>Program</c> sets it from <c>--threads</c>; a child process
    /// inherits it. Default 1: on 2 busy cores, more threads than free cores is the oversubscription trap of
    /// docs/performance.md#the-oversubscription-trap (OpenMP spin-waits, 10-100x slower steps).
    /// </summary>
    public const string ThreadsVariable = "FREETICKETS_BENCH_THREADS";

    private static readonly Lock _gate = new();
    private static bool _reported;

    /// <summary>Threads requested through <see cref="ThreadsVariable"/> (1 when unset).</summary>
    public static int RequestedThreads
    {
        get
        {
            var text = Environment.GetEnvironmentVariable(ThreadsVariable);
            if (string.IsNullOrWhiteSpace(text))
            {
                return 1;
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
                ? n
                : throw new InvalidOperationException($"{ThreadsVariable} must be a positive integer (got '{text}')");
        }
    }

    /// <summary>Loads the native bridge and pins the thread count; says once per process how (visible in BDN's log).</summary>
    public static void Initialize()
    {
        TorchRuntime.Initialize(RequestedThreads);
        lock (_gate)
        {
            if (_reported)
            {
                return;
            }

            _reported = true;
        }

        // Not prefixed with "//": BenchmarkDotNet reads some such lines from a child's output as signals.
        var native = TorchNative.Setup;
        Console.WriteLine(
            $"FreeTickets.Benchmarks torch: bridge {native.Bridge}, MKL {native.Mkl}, malloc {native.Allocator}, libtorch {TorchRuntime.LibTorchVersion}, " +
            $"threads {get_num_threads()}, pid {Environment.ProcessId}");
    }
}
