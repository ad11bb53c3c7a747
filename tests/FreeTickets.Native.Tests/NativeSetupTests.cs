using FreeTickets.Native;

namespace FreeTickets.Native.Tests;

/// <summary>
/// The setup report's text is what the torch banner, the benchmark log and committed notes print: it must read exactly
/// as the strings the loader printed before it was typed.
/// </summary>
public sealed class NativeSetupTests
{
    [Theory]
    [InlineData(BridgeLoadMode.NotLoaded, "not-loaded")]
    [InlineData(BridgeLoadMode.AsShipped, "as-shipped")]
    [InlineData(BridgeLoadMode.NotLinux, "not-linux")]
    [InlineData(BridgeLoadMode.NotFound, "not-found")]
    [InlineData(BridgeLoadMode.Unpatchable, "unpatchable")]
    public void Should_print_the_bridge_mode_When_nothing_was_patched(BridgeLoadMode mode, string text)
    {
        var bridge = BridgeLoad.Of(mode);

        Assert.Equal(text, bridge.ToString());
        Assert.Empty(bridge.WeakVersions);
        Assert.Null(bridge.PatchedLibraryPath);
        Assert.Equal(mode == BridgeLoadMode.AsShipped, bridge.LibTorchFolderKnown);
    }

    [Fact]
    public void Should_join_the_weak_versions_with_plus_When_patched()
    {
        var bridge = new BridgeLoad(BridgeLoadMode.Patched, ["GLIBCXX_3.4.31", "GLIBCXX_3.4.32"], "/cache/libLibTorchSharp.so");

        Assert.Equal("patched:GLIBCXX_3.4.31+GLIBCXX_3.4.32", bridge.ToString());
        Assert.True(bridge.LibTorchFolderKnown);
    }

    [Fact]
    public void Should_print_each_setting_as_the_banner_did()
    {
        Assert.Equal("intel-path", new MklDispatch(MklDispatchState.IntelPath, null).ToString());
        Assert.Equal("as-is (GenuineIntel)", new MklDispatch(MklDispatchState.AsIs, "GenuineIntel").ToString());
        Assert.Equal("as-is (bridge not-linux)", new MklDispatch(MklDispatchState.AsIs, $"bridge {BridgeLoad.Of(BridgeLoadMode.NotLinux)}").ToString());
        Assert.Equal("reuse (mmap threshold 32 MiB, trim threshold 2 GiB)", new AllocatorTuning(AllocatorTuningState.Reuse, "mmap threshold 32 MiB, trim threshold 2 GiB").ToString());
        Assert.Equal("as-is (no glibc)", new AllocatorTuning(AllocatorTuningState.AsIs, "no glibc").ToString());
        Assert.Equal("on", new NnpackSetting(NnpackState.On, null).ToString());
        Assert.Equal("off (cannot initialise on this CPU)", new NnpackSetting(NnpackState.Off, "cannot initialise on this CPU").ToString());
        Assert.Equal("hidden", new LibTorchWarnings(LibTorchWarningsState.Hidden, null).ToString());
        Assert.Equal("shown", new LibTorchWarnings(LibTorchWarningsState.Shown, null).ToString());
        Assert.Equal("as-is (TORCH_CPP_LOG_LEVEL=WARNING)", new LibTorchWarnings(LibTorchWarningsState.AsIs, "TORCH_CPP_LOG_LEVEL=WARNING").ToString());
    }

    [Fact]
    public void Should_print_not_loaded_for_every_part_When_nothing_ran()
    {
        var setup = NativeSetup.NotLoaded;

        Assert.Equal(
            ["not-loaded", "not-loaded", "not-loaded", "not-loaded", "not-loaded"],
            new object[] { setup.Bridge, setup.Mkl, setup.Allocator, setup.Nnpack, setup.Warnings }.Select(p => p.ToString()));
    }

    [Fact]
    public void Should_print_a_switched_off_setting_as_left_as_is_with_its_variable()
    {
        var before = Environment.GetEnvironmentVariable(NativeAllocatorTuning.SwitchVariable);
        Environment.SetEnvironmentVariable(NativeAllocatorTuning.SwitchVariable, "off");
        try
        {
            var allocator = NativeAllocatorTuning.Apply();

            Assert.Equal(OperatingSystem.IsLinux() ? AllocatorTuningState.SwitchedOff : AllocatorTuningState.AsIs, allocator.State);
            if (OperatingSystem.IsLinux())
            {
                Assert.Equal("as-is (FREETICKETS_MALLOC_TUNING=off)", allocator.ToString());
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(NativeAllocatorTuning.SwitchVariable, before);
        }

        // Only an AMD CPU reaches MKL's switch; its text is the state's alone.
        Assert.Equal("as-is (FREETICKETS_MKL_INTEL_PATH=off)", new MklDispatch(MklDispatchState.SwitchedOff, null).ToString());
    }

    [Fact]
    public void Should_report_every_setting_When_loaded()
    {
        var setup = TorchNative.EnsureLoaded();

        Assert.Equal(setup, TorchNative.Setup);
        Assert.NotEqual(BridgeLoadMode.NotLoaded, setup.Bridge.Mode);
        Assert.NotEqual(MklDispatchState.NotLoaded, setup.Mkl.State);
        Assert.NotEqual(AllocatorTuningState.NotLoaded, setup.Allocator.State);
        Assert.NotEqual(NnpackState.NotLoaded, setup.Nnpack.State);
        Assert.NotEqual(LibTorchWarningsState.NotLoaded, setup.Warnings.State);
    }
}
