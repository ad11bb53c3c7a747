using System.Diagnostics;
using FreeTickets.Native;

namespace FreeTickets.Native.Tests;

/// <summary>libtorch's warnings in fresh processes (the level and NNPACK are process-wide and set once at load).</summary>
public sealed class NativeWarningsTests
{
    private const string Uint8Warning = "indexing with dtype torch.uint8 is now deprecated";

    [Fact]
    public void Should_write_no_libtorch_warning_and_no_NNPACK_line_When_a_process_runs_a_convolution()
    {
        var (output, error) = Probe(show: false);

        Assert.Contains("conv=768 picked=2", output);
        Assert.Contains("warnings=hidden", output);
        Assert.Matches("nnpack=(on|off \\(cannot initialise on this CPU\\)) ", output);
        Assert.DoesNotContain("NNPACK", error);
        Assert.DoesNotContain(Uint8Warning, error);
        Assert.Empty(error.Trim());
    }

    [Fact]
    public void Should_print_libtorch_warnings_When_asked_to_show_them()
    {
        var (output, error) = Probe(show: true);

        Assert.Contains("warnings=shown", output);
        // NNPACK was switched off quietly where it cannot initialise, so even verbose output has no NNPACK line.
        Assert.Contains(Uint8Warning, error);
        Assert.DoesNotContain("NNPACK", error);
    }

    [Fact]
    public void Should_keep_the_users_level_When_TORCH_CPP_LOG_LEVEL_is_set()
    {
        var (output, error) = Probe(show: false, ("TORCH_CPP_LOG_LEVEL", "WARNING"));

        Assert.Contains("warnings=as-is (TORCH_CPP_LOG_LEVEL=WARNING)", output);
        Assert.Contains(Uint8Warning, error);
    }

    private static (string Output, string Error) Probe(bool show, params (string Name, string Value)[] environment)
    {
        var self = typeof(NativeWarningsTests).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet", show ? [self, ProbeProgram.WarningsVerb, ProbeProgram.ShowArgument] : [self, ProbeProgram.WarningsVerb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment.Remove(NativeWarnings.LevelVariable);
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output + error.Result);
        return (output, error.Result);
    }
}
