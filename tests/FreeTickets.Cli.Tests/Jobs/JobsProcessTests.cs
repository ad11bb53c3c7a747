using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using FreeTickets.Core.Results;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Cli.Tests.Jobs;

/// <summary>
/// <c>run --jobs 2</c> as a scheduler or a user treats it: the coordinator killed with SIGKILL (no worker may survive it),
/// stopped with SIGTERM (every worker checkpoints, exit 130), and bad input a worker finds (one line, exit 2). Each
/// interrupted run is then resumed and must end with the tables of one uninterrupted process.
/// </summary>
[Trait(TestCategories.Category, TestCategories.Slow)]
public sealed class JobsProcessTests : IDisposable
{
    // Three dense cells of many short epochs: two are in flight when the signal comes, one waits.
    private const string Config = """
        {
          "matrices": {
            "long": {
              "datasets": ["synthetic"], "architectures": ["mlp-300-100"], "methods": ["dense"], "seeds": [1, 2, 3],
              "training": { "epochs": 150 }
            }
          }
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-jobs-").FullName;

    public JobsProcessTests() => File.WriteAllText(ConfigPath, Config);

    private string ConfigPath => Path.Combine(_root, "benchmarks.json");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_leave_no_worker_and_resume_to_the_single_process_tables_When_the_coordinator_is_killed()
    {
        var dir = Path.Combine(_root, "killed");
        var (code, output, _) = await RunUntilBothWorkersTrainAsync(dir, SignalKill);

        Assert.Equal(128 + SignalKill, code);
        await AssertNoWorkerLeftAsync(dir);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "checkpoints"), "*.ckpt"));
        await AssertResumesToSingleProcessTablesAsync(dir, output);
    }

    [Fact]
    public async Task Should_checkpoint_every_worker_exit_130_and_resume_When_the_coordinator_gets_SIGTERM()
    {
        var dir = Path.Combine(_root, "terminated");
        var (code, output, error) = await RunUntilBothWorkersTrainAsync(dir, SignalTerminate);

        Assert.True(code == 130, $"exit {code}\n{output}\n{error}");
        Assert.Contains("SIGTERM: finishing the current epoch", error, StringComparison.Ordinal);
        Assert.Contains("stopped: interrupted: 0 of 3 cell(s) trained", error, StringComparison.Ordinal);
        Assert.Contains("worker 1: stopped: interrupted after epoch", output, StringComparison.Ordinal);
        Assert.Contains("worker 2: stopped: interrupted after epoch", output, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(dir, "checkpoints"), "*.ckpt").Length);
        Assert.False(File.Exists(Path.Combine(dir, "leaderboard.csv")), "an interrupted run writes no leaderboard");
        await AssertNoWorkerLeftAsync(dir);
        await AssertResumesToSingleProcessTablesAsync(dir, output);
    }

    [Fact]
    public async Task Should_fail_with_the_workers_one_line_error_and_write_nothing_When_a_worker_finds_bad_input()
    {
        // An output folder below a regular file: the workers' writability check fails before any cell.
        var file = Path.Combine(_root, "a-file");
        await File.WriteAllTextAsync(file, "");

        var result = await ToolProcess.RunAsync(Args(Path.Combine(file, "out"), "--jobs", "2"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Matches("^error: .*a-file/out: output folder is not writable", result.SingleErrorLine());
        Assert.DoesNotContain("matrix long:", result.Output, StringComparison.Ordinal);
        await AssertNoWorkerLeftAsync(Path.Combine(file, "out"));
    }

    private string[] Args(string outDir, params string[] extra) =>
        ["run", "--config", ConfigPath, "--matrix", "long", "--out", outDir, "--threads", "1", "--device", "cpu", .. CliHarness.PluginArgs, .. extra];

    /// <summary>Starts <c>run --jobs 2</c> and sends <paramref name="signal"/> to the coordinator once both workers have
    /// reported their third epoch, then waits for it to exit.</summary>
    private async Task<(int Code, string Output, string Error)> RunUntilBothWorkersTrainAsync(string dir, int signal)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root,
        };
        foreach (var arg in (string[])[ToolProcess.ToolDll, .. Args(dir, "--jobs", "2")])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        var training = new HashSet<string>();
        var signalled = false;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            output.AppendLine(line);
            // With two cells in flight, epoch lines start with their cell's number: "  [2/3]   epoch   3 ...".
            // From the third epoch on, a cell has written its checkpoint of an earlier epoch.
            if (!signalled && line.StartsWith("  [", StringComparison.Ordinal) && line.Contains("]   epoch", StringComparison.Ordinal)
                && int.Parse(line.Split("epoch", 2)[1].TrimStart().Split(' ')[0], CultureInfo.InvariantCulture) >= 3)
            {
                training.Add(line.TrimStart()[..line.TrimStart().IndexOf(']', StringComparison.Ordinal)]);
                if (training.Count == 2)
                {
                    signalled = true;
                    Assert.True(Kill(process.Id, signal) == 0, $"kill(2) could not send signal {signal}");
                }
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(signalled, $"the run ended before both workers trained:\n{output}");
        return (process.ExitCode, output.ToString(), await error);
    }

    /// <summary>Within 10 s, no live process runs a worker of this output folder (a zombie has exited).</summary>
    private static async Task AssertNoWorkerLeftAsync(string dir)
    {
        var stopwatch = Stopwatch.StartNew();
        List<int> left;
        while ((left = Workers(dir)).Count > 0 && stopwatch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        Assert.True(left.Count == 0, $"worker process(es) {string.Join(", ", left)} still running 10 s after the coordinator ended");
    }

    private static List<int> Workers(string dir)
    {
        var found = new List<int>();
        foreach (var proc in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid))
            {
                continue;
            }

            try
            {
                var args = File.ReadAllText(Path.Combine(proc, "cmdline")).Split('\0');
                var stat = File.ReadAllText(Path.Combine(proc, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
                if (args.Contains("--worker") && args.Contains(dir) && state != "Z")
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    private async Task AssertResumesToSingleProcessTablesAsync(string dir, string interruptedOutput)
    {
        var resumed = await ToolProcess.RunAsync(Args(dir, "--jobs", "2"));
        Assert.True(resumed.ExitCode == 0, resumed + "\n--- interrupted run ---\n" + interruptedOutput);
        Assert.Contains("resuming from checkpoint at run 0, epoch", resumed.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "checkpoints")));

        var single = Path.Combine(_root, "single-" + Path.GetFileName(dir));
        var reference = await ToolProcess.RunAsync(Args(single, "--quiet"));
        Assert.True(reference.ExitCode == 0, reference.ToString());
        foreach (var file in ResultTables.FileNames)
        {
            ResultCsv.AssertEqualExceptVolatile(Path.Combine(single, file), Path.Combine(dir, file));
        }
    }

    private const int SignalKill = 9;
    private const int SignalTerminate = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
