using FreeTickets.Native;

namespace FreeTickets.Native.Tests;

public sealed class NativeAllocatorTuningTests
{
    [Fact]
    public void Should_tune_When_nothing_in_the_environment_says_otherwise()
    {
        Assert.Null(NativeAllocatorTuning.LeaveAlone(_ => null));
        Assert.Null(NativeAllocatorTuning.LeaveAlone(Env(("GLIBC_TUNABLES", "glibc.rtld.optional_static_tls=512"))));
    }

    [Theory]
    [InlineData("FREETICKETS_MALLOC_TUNING", "off")]
    [InlineData("FREETICKETS_MALLOC_TUNING", "0")]
    [InlineData("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=65536")]
    [InlineData("GLIBC_TUNABLES", "glibc.rtld.nns=2:glibc.malloc.trim_threshold=0")]
    [InlineData("MALLOC_MMAP_THRESHOLD_", "131072")]
    [InlineData("MALLOC_TRIM_THRESHOLD_", "0")]
    public void Should_leave_malloc_alone_When_the_user_tunes_it_or_turns_us_off(string variable, string value)
    {
        Assert.NotNull(NativeAllocatorTuning.LeaveAlone(Env((variable, value))));
    }

    [Fact]
    public void Should_report_reuse_When_loaded_on_linux_without_overrides()
    {
        var allocator = TorchNative.EnsureLoaded().Allocator;
        if (!OperatingSystem.IsLinux() || NativeAllocatorTuning.LeaveAlone(Environment.GetEnvironmentVariable) is not null)
        {
            Assert.True(allocator.State is AllocatorTuningState.AsIs or AllocatorTuningState.SwitchedOff, allocator.ToString());
            return;
        }

        Assert.Equal(AllocatorTuningState.Reuse, allocator.State);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
