using System.Runtime.InteropServices;

namespace FreeTickets.Native;

/// <summary>
/// Keeps glibc's malloc from returning libtorch's large tensor buffers to the kernel after every use.
/// </summary>
/// <remarks>
/// <para>libtorch allocates every activation and gradient with <c>malloc</c>. glibc serves a block above its mmap
/// threshold (128 KiB, raised on the fly up to 32 MiB) with a fresh <c>mmap</c> and unmaps it on <c>free</c>, and it gives
/// the top of the heap back to the kernel once more than the trim threshold is free. Either way the next step touches
/// new pages, and each first touch is a page fault, which in a virtual machine costs microseconds. Measured on the
/// 2-core VM of <c>results/perf/</c>: the first LeNet-5 epoch took 17.8 s instead of 3.6 s, a batch-1000 LeNet-5
/// convolution 154 ms instead of 5 ms, and a steady mlp-300-100 epoch 0.61 s instead of 0.52 s.</para>
/// <para>At load we therefore fix the mmap threshold at its maximum (32 MiB) and the trim threshold at 2 GiB with
/// <c>mallopt</c>, so that buffers up to 32 MiB are reused from the heap. The process keeps its high-water mark of
/// memory (what <c>peak_rss_mb</c> reports anyway) instead of handing pages back between steps. Nothing changes where
/// the user already tunes malloc (<c>GLIBC_TUNABLES</c> with <c>glibc.malloc.*</c>, <c>MALLOC_MMAP_THRESHOLD_</c>,
/// <c>MALLOC_TRIM_THRESHOLD_</c>), outside Linux, without glibc, or with <c>FREETICKETS_MALLOC_TUNING=off</c>.</para>
/// </remarks>
internal static partial class NativeAllocatorTuning
{
    /// <summary>Environment variable that turns the tuning off (see <see cref="TorchNative.IsSwitchedOff"/>).</summary>
    public const string SwitchVariable = "FREETICKETS_MALLOC_TUNING";

    /// <summary>glibc's largest accepted mmap threshold on 64-bit systems (HEAP_MAX_SIZE / 2).</summary>
    public const int MmapThreshold = 32 * 1024 * 1024;

    /// <summary>Free memory at the top of the heap that glibc keeps before it trims.</summary>
    public const int TrimThreshold = int.MaxValue;

    private const int TrimThresholdParameter = -1; // M_TRIM_THRESHOLD
    private const int MmapThresholdParameter = -3; // M_MMAP_THRESHOLD

    /// <summary>Whether the environment already tunes glibc's malloc, or asks us not to.</summary>
    internal static string? LeaveAlone(Func<string, string?> environment)
    {
        if (TorchNative.IsSwitchedOff(environment(SwitchVariable)))
        {
            return $"{SwitchVariable}=off";
        }

        if (environment("GLIBC_TUNABLES") is { } tunables && tunables.Contains("glibc.malloc.", StringComparison.Ordinal))
        {
            return "GLIBC_TUNABLES sets malloc";
        }

        return environment("MALLOC_MMAP_THRESHOLD_") is not null || environment("MALLOC_TRIM_THRESHOLD_") is not null
            ? "MALLOC_*_THRESHOLD_ set"
            : null;
    }

    /// <summary>Applies the tuning; returns what happened.</summary>
    public static AllocatorTuning Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return AsIs("not linux");
        }

        if (TorchNative.IsSwitchedOff(Environment.GetEnvironmentVariable(SwitchVariable)))
        {
            return new AllocatorTuning(AllocatorTuningState.SwitchedOff, null);
        }

        if (LeaveAlone(Environment.GetEnvironmentVariable) is { } reason)
        {
            return AsIs(reason);
        }

        try
        {
            return Mallopt(MmapThresholdParameter, MmapThreshold) == 1 && Mallopt(TrimThresholdParameter, TrimThreshold) == 1
                ? new AllocatorTuning(AllocatorTuningState.Reuse, "mmap threshold 32 MiB, trim threshold 2 GiB")
                : AsIs("mallopt refused");
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return AsIs("no glibc");
        }
    }

    private static AllocatorTuning AsIs(string reason) => new(AllocatorTuningState.AsIs, reason);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
