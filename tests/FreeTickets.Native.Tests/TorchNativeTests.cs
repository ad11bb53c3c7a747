using System.Diagnostics;
using FreeTickets.Native;
using static TorchSharp.torch;

namespace FreeTickets.Native.Tests;

public sealed class TorchNativeTests
{
    [Fact]
    public void Should_run_a_real_tensor_op_When_loaded()
    {
        TorchNative.EnsureLoaded();
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = a.matmul(a);
        Assert.Equal(14f, b.item<float>());
        Assert.NotEqual(BridgeLoadMode.NotLoaded, TorchNative.Setup.Bridge.Mode);
    }

    [Fact]
    public void Should_be_a_no_op_or_a_patch_When_called_twice()
    {
        var bridge = TorchNative.EnsureLoaded().Bridge;
        Assert.Equal(bridge, TorchNative.EnsureLoaded().Bridge);
        Assert.True(bridge.Mode is BridgeLoadMode.AsShipped or BridgeLoadMode.NotLinux or BridgeLoadMode.Patched, bridge.ToString());
    }

    [Fact]
    public void Should_parse_missing_versions_from_the_loader_message()
    {
        var message = "/x/libLibTorchSharp.so: /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /x/libLibTorchSharp.so)";
        Assert.Equal(["GLIBCXX_3.4.32"], TorchNative.MissingVersions(message));
        Assert.Empty(TorchNative.MissingVersions("libtorch.so: cannot open shared object file"));
    }

    [Fact]
    public void Should_mark_only_the_named_version_weak()
    {
        var original = File.ReadAllBytes(FindBridge());
        var before = ElfVersionPatcher.VersionRequirements(original).ToList();
        Assert.Contains(before, r => r.Name == "GLIBCXX_3.4.32");

        var patched = ElfVersionPatcher.MarkVersionsWeak(original, new HashSet<string> { "GLIBCXX_3.4.32" });

        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        var target = before.Single(r => r.Name == "GLIBCXX_3.4.32");
        Assert.Equal([target.FlagsOffset], differing);
        Assert.Equal(2, patched[target.FlagsOffset] & 2);
    }

    [Fact]
    public void Should_reject_a_file_that_is_not_elf()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.MarkVersionsWeak(new byte[128], new HashSet<string> { "X" }));
    }

    [Fact]
    public void Should_load_torch_in_a_fresh_process()
    {
        // A fresh process proves the loader works before anything else touched torch (no state from this one).
        var self = typeof(TorchNativeTests).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet", [self, ProbeProgram.Verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("sum=6", output);
    }

    private static string FindBridge()
    {
        var candidates = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
        };
        return candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("libLibTorchSharp.so not found in the test output");
    }
}
