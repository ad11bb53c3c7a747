using System.Runtime.Intrinsics.X86;
using FreeTickets.Native;
using static TorchSharp.torch;

namespace FreeTickets.Native.Tests;

public sealed class MklVendorDispatchTests
{
    // mkl_serv_intel_cpu_true in libtorch 2.10's oneMKL 2024.0 Update 2: mov eax,[rip+0x0998671a]; test eax,eax; js +1; ret.
    private static readonly byte[] _shipped = [0x8B, 0x05, 0x1A, 0x67, 0x98, 0x09, 0x85, 0xC0, 0x78, 0x01, 0xC3];

    [Fact]
    public void Should_decode_the_cache_displacement_When_the_prologue_is_the_known_one()
    {
        Assert.Equal(0x0998671A, MklVendorDispatch.CacheDisplacement(_shipped));

        byte[] negative = [0x8B, 0x05, 0xF0, 0xFF, 0xFF, 0xFF, 0x85, 0xC0, 0x78];
        Assert.Equal(-16, MklVendorDispatch.CacheDisplacement(negative));
    }

    [Theory]
    [InlineData(0, 0x8A)] // another opcode
    [InlineData(1, 0x0D)] // mov ecx instead of eax
    [InlineData(6, 0x83)] // cmp instead of test
    [InlineData(8, 0x74)] // je instead of js
    public void Should_refuse_When_any_byte_of_the_prologue_differs(int index, byte value)
    {
        var code = (byte[])_shipped.Clone();
        code[index] = value;
        Assert.Null(MklVendorDispatch.CacheDisplacement(code));
    }

    [Fact]
    public void Should_refuse_When_the_code_is_too_short()
    {
        Assert.Null(MklVendorDispatch.CacheDisplacement(_shipped.AsSpan(0, 8)));
    }

    [Fact]
    public void Should_write_only_into_a_readable_and_writable_mapping()
    {
        const string maps = """
            7f0000000000-7f0000001000 r-xp 00000000 08:01 42 /opt/libtorch_cpu.so
            7f0000001000-7f0000003000 rw-p 00001000 08:01 42 /opt/libtorch_cpu.so
            7f0000003000-7f0000004000 rw-p 00000000 00:00 0
            """;
        Assert.False(MklVendorDispatch.IsWritable(maps, 0x7f0000000800));
        Assert.True(MklVendorDispatch.IsWritable(maps, 0x7f0000001000));
        Assert.True(MklVendorDispatch.IsWritable(maps, 0x7f0000003ffc));
        Assert.False(MklVendorDispatch.IsWritable(maps, 0x7f0000003ffe)); // the int would cross the end
        Assert.False(MklVendorDispatch.IsWritable(maps, 0x7f0000004000)); // not mapped
    }

    [Theory]
    [InlineData("off", true)]
    [InlineData(" OFF ", true)]
    [InlineData("0", true)]
    [InlineData("false", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("auto", false)]
    public void Should_read_the_switch(string? value, bool off)
    {
        Assert.Equal(off, TorchNative.IsSwitchedOff(value));
    }

    [Fact]
    public void Should_take_the_intel_path_When_the_cpu_is_amd()
    {
        // On the AMD machines this project runs on, a libtorch upgrade that changes MKL's layout must fail here, not
        // silently halve the speed of every linear layer.
        var mkl = TorchNative.EnsureLoaded().Mkl;
        if (!X86Base.IsSupported || MklVendorDispatch.Vendor() != "AuthenticAMD")
        {
            Assert.Equal(MklDispatchState.AsIs, mkl.State);
            return;
        }

        Assert.True(
            mkl.State == MklDispatchState.IntelPath
            || TorchNative.IsSwitchedOff(Environment.GetEnvironmentVariable(MklVendorDispatch.SwitchVariable)),
            mkl.ToString());
    }

    [Theory]
    [InlineData(128, 784, 300)]
    [InlineData(37, 53, 29)]
    [InlineData(300, 128, 784)]
    public void Should_multiply_correctly_on_the_kernels_mkl_chose(int m, int k, int n)
    {
        TorchNative.EnsureLoaded();
        var random = new Random(m * 7919 + k * 31 + n);
        var a = Enumerable.Range(0, m * k).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        using var ta = tensor(a, [m, k]);
        using var tb = tensor(b, [k, n]);
        using var product = ta.matmul(tb);
        using var productT = tb.t().matmul(ta.t()); // the transposed forms the backward pass uses
        var c = product.data<float>().ToArray();
        var cT = productT.contiguous().data<float>().ToArray();
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double expected = 0;
                for (var p = 0; p < k; p++)
                {
                    expected += (double)a[i * k + p] * b[p * n + j];
                }

                Assert.True(Math.Abs(c[i * n + j] - expected) < 1e-4 * Math.Sqrt(k), $"C[{i},{j}] = {c[i * n + j]}, expected {expected}");
                Assert.True(Math.Abs(cT[j * m + i] - expected) < 1e-4 * Math.Sqrt(k), $"C^T[{j},{i}] = {cT[j * m + i]}, expected {expected}");
            }
        }
    }
}
