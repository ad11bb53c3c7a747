using System.Diagnostics;

namespace FreeTickets.Cli.Tests;

/// <summary>
/// Runs the built tool as its own process (<c>dotnet freetickets-bench.dll</c>, copied next to the test binary with its
/// plugins/ by the Cli project reference), the way a cluster scheduler starts it. Scheduler variables of the test's own
/// environment are removed so that only what a test passes selects a shard.
/// </summary>
internal static class ToolProcess
{
    private static readonly string[] _schedulerVariables =
        ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_STEP", "JOB_COMPLETION_INDEX", "FREETICKETS_SHARD_COUNT"];

    public static string ToolDll => Path.Combine(AppContext.BaseDirectory, "freetickets-bench.dll");

    public static async Task<CliResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(ToolDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in _schedulerVariables)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"freetickets-bench {string.Join(' ', args)} did not finish in 5 minutes");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}
