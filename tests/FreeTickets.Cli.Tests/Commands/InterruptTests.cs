using System.Diagnostics;
using System.Runtime.InteropServices;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Cli.Tests.Commands;

/// <summary>Ctrl-C as a user presses it: a real SIGINT to a real tool process.</summary>
[Trait(TestCategories.Category, TestCategories.Slow)]
public sealed class InterruptTests : IDisposable
{
    // One dense cell of many short epochs, so the interrupt surely lands inside the cell: 8 epochs could finish before the
    // signal arrived on a busy machine, 60 (about 7 ms each on an idle one) before a `kill` process had started, and once
    // 400 on a machine loaded well beyond its cores. The signal is now sent with kill(2) itself, the moment the first
    // epoch line is read, and 1,000 epochs leave seconds of margin for a test process that waits for the CPU.
    private const string Config = """
        {
          "matrices": {
            "long": {
              "datasets": ["synthetic"], "architectures": ["mlp-300-100"], "methods": ["dense"], "seeds": [1],
              "training": { "epochs": 1000 }
            }
          }
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-sigint-").FullName;

    private string Out => Path.Combine(_root, "out");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_finish_the_epoch_write_a_checkpoint_and_exit_130_When_interrupted_then_resume_from_it()
    {
        // Checkpoints only on Ctrl-C, so the file that exists afterwards is the one the interrupt wrote.
        var (code, output, error) = await RunAsync(interruptAfterFirstEpoch: true, "--checkpoint-every", "0");

        Assert.True(code == 130, $"exit {code}\n{output}\n{error}");
        Assert.Contains("interrupt: finishing the current epoch", error, StringComparison.Ordinal);
        Assert.Contains("stopped: interrupted after epoch", error, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(Out, "checkpoints"), "*.ckpt"));
        Assert.False(File.Exists(Path.Combine(Out, "leaderboard.csv")), "an interrupted run writes no leaderboard");

        (code, output, error) = await RunAsync(interruptAfterFirstEpoch: false);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("resuming from checkpoint at run 0, epoch", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Out, "leaderboard.csv")));
        Assert.False(Directory.Exists(Path.Combine(Out, "checkpoints")), "the checkpoint (and its empty folder) is removed once the cell is stored");
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(bool interruptAfterFirstEpoch, params string[] extra)
    {
        var config = Path.Combine(_root, "benchmarks.json");
        await File.WriteAllTextAsync(config, Config);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "freetickets-bench.dll"), "run", "--config", config,
            "--matrix", "long", "--out", Out, "--threads", "1", "--device", "cpu", .. CliHarness.PluginArgs, .. extra])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        var interrupted = false;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            output.AppendLine(line);
            if (interruptAfterFirstEpoch && !interrupted && line.TrimStart().StartsWith("epoch", StringComparison.Ordinal))
            {
                interrupted = true;
                Assert.True(Kill(process.Id, SignalInterrupt) == 0, "kill(2) could not send SIGINT to the tool");
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, output.ToString(), await error);
    }

    private const int SignalInterrupt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
