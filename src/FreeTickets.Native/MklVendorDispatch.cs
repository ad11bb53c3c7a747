using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace FreeTickets.Native;

/// <summary>
/// Lets the oneMKL inside libtorch use its fast matrix-product kernels on AMD processors.
/// </summary>
/// <remarks>
/// <para>libtorch's CPU build links oneMKL 2024 statically, and MKL picks its kernels only after asking
/// <c>mkl_serv_intel_cpu_true</c> whether the CPU reports the "GenuineIntel" vendor string. On an AMD EPYC with AVX-512
/// the answer "no" sends every SGEMM to a generic path: mlp-300-100 trains at 2.3 ms per step instead of 1.25 ms, slower
/// than Debian's PyTorch with OpenBLAS. The feature checks that choose between the AVX2 and AVX-512 kernels still read
/// CPUID, so the kernels MKL then selects use only instructions this CPU reports.</para>
/// <para>The function caches its answer in a private integer that it reads with its first instruction
/// (<c>mov eax, [rip + cache]</c>, then <c>test eax, eax; js compute</c>). We decode that instruction, check that the
/// cache lies in a readable and writable mapping of this process, and store 1 there before the first matrix product,
/// which is the answer a "GenuineIntel" CPU gets. No code is modified. Any other instruction layout (another MKL
/// build), another vendor, or <c>FREETICKETS_MKL_INTEL_PATH=off</c> leaves MKL untouched.</para>
/// </remarks>
internal static class MklVendorDispatch
{
    /// <summary>Environment variable that turns the adjustment off (see <see cref="TorchNative.IsSwitchedOff"/>).</summary>
    public const string SwitchVariable = "FREETICKETS_MKL_INTEL_PATH";

    private const string Symbol = "mkl_serv_intel_cpu_true";

    /// <summary>
    /// The cache's offset relative to the end of the first instruction, when <paramref name="code"/> starts with exactly
    /// <c>8B 05 disp32</c> (<c>mov eax, [rip + disp32]</c>) followed by <c>85 C0 78</c> (<c>test eax, eax; js</c>); else null.
    /// </summary>
    internal static int? CacheDisplacement(ReadOnlySpan<byte> code) =>
        code.Length >= 9 && code[0] == 0x8B && code[1] == 0x05 && code[6] == 0x85 && code[7] == 0xC0 && code[8] == 0x78
            ? BitConverter.ToInt32(code[2..6])
            : null;

    /// <summary>Whether <paramref name="address"/> lies in a mapping with <c>rw</c> permissions in <c>/proc/self/maps</c> text.</summary>
    internal static bool IsWritable(string maps, ulong address)
    {
        foreach (var line in maps.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            var range = fields[0].Split('-');
            if (fields.Length < 2 || range.Length != 2
                || !ulong.TryParse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                || !ulong.TryParse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
            {
                continue;
            }

            if (address >= start && address + sizeof(int) <= end)
            {
                return fields[1].StartsWith("rw", StringComparison.Ordinal);
            }
        }

        return false;
    }

    /// <summary>
    /// Applies the adjustment to the libtorch_cpu in <paramref name="nativeDirectory"/>, which must already be loaded.
    /// Returns what happened.
    /// </summary>
    public static MklDispatch Apply(string nativeDirectory)
    {
        if (!X86Base.IsSupported || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return AsIs("not x86-64");
        }

        var vendor = Vendor();
        if (vendor != "AuthenticAMD")
        {
            return AsIs(vendor);
        }

        if (TorchNative.IsSwitchedOff(Environment.GetEnvironmentVariable(SwitchVariable)))
        {
            return new MklDispatch(MklDispatchState.SwitchedOff, null);
        }

        var library = Path.Combine(nativeDirectory, "libtorch_cpu.so");
        if (!File.Exists(library) || !NativeLibrary.TryLoad(library, out var handle)
            || !NativeLibrary.TryGetExport(handle, Symbol, out var function))
        {
            return AsIs("no MKL in libtorch_cpu");
        }

        var code = new byte[9];
        Marshal.Copy(function, code, 0, code.Length);
        if (CacheDisplacement(code) is not { } displacement)
        {
            return AsIs("unknown MKL build");
        }

        var cache = function + 6 + displacement;
        if (!IsWritable(File.ReadAllText("/proc/self/maps"), (ulong)cache))
        {
            return AsIs("unknown MKL build");
        }

        Marshal.WriteInt32(cache, 1);
        return new MklDispatch(MklDispatchState.IntelPath, null);
    }

    private static MklDispatch AsIs(string reason) => new(MklDispatchState.AsIs, reason);

    /// <summary>The CPU's vendor string from CPUID leaf 0 (for example <c>AuthenticAMD</c>, <c>GenuineIntel</c>).</summary>
    internal static string Vendor()
    {
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<byte> bytes = stackalloc byte[12];
        BitConverter.TryWriteBytes(bytes[..4], ebx);
        BitConverter.TryWriteBytes(bytes[4..8], edx);
        BitConverter.TryWriteBytes(bytes[8..], ecx);
        return System.Text.Encoding.ASCII.GetString(bytes);
    }
}
