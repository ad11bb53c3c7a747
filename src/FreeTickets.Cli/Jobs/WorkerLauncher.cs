using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using FreeTickets.Cli.Commands;
using FreeTickets.Core.Running;

namespace FreeTickets.Cli.Jobs;

/// <summary>
/// How a coordinator starts its workers: this same tool (its apphost, or <c>dotnet freetickets-bench.dll</c> when it runs
/// through the muxer, as a local tool does) with <c>run --worker</c> and the coordinator's settings made explicit.
/// </summary>
/// <param name="FileName">The executable.</param>
/// <param name="Prefix">Arguments before the command (the tool's dll when <paramref name="FileName"/> is dotnet).</param>
internal sealed record WorkerLauncher(string FileName, IReadOnlyList<string> Prefix)
{
    /// <summary>
    /// Options a worker does not take: the coordinator resolves them (shard, threads, output folder) or keeps them (jobs,
    /// dry run, quiet, TensorBoard: workers report to it, and it renders and logs). Every other option of <c>run</c> is forwarded by
    /// <see cref="Arguments"/>; a test holds the two lists to the settings class.
    /// </summary>
    public static IReadOnlySet<string> CoordinatorOnly { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(RunSettings.Jobs), nameof(RunSettings.Worker), nameof(RunSettings.DryRun), nameof(RunSettings.Quiet),
        nameof(RunSettings.ShardCount), nameof(RunSettings.TensorBoard),
    };

    /// <summary>The options <see cref="Arguments"/> forwards.</summary>
    public static IReadOnlySet<string> Forwarded { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(RunSettings.Config), nameof(RunSettings.Matrix), nameof(RunSettings.Out), nameof(RunSettings.Device),
        nameof(RunSettings.Shard), nameof(RunSettings.Threads), nameof(RunSettings.CheckpointEvery), nameof(RunSettings.Force),
        nameof(RunSettings.DataRoot), nameof(RunSettings.Plugins), nameof(RunSettings.Verbose), nameof(RunSettings.SaveModels),
        nameof(RunSettings.Execution),
    };

    /// <summary>This process's own tool.</summary>
    public static WorkerLauncher ForThisProcess()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown: cannot start workers");
        var entry = Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(path) == "dotnet" && !string.IsNullOrEmpty(entry)
            ? new WorkerLauncher(path, [entry])
            : new WorkerLauncher(path, []);
    }

    /// <summary>
    /// A worker's command line: <c>run --worker</c> with the coordinator's config, matrix, resolved output folder, data
    /// root and shard (explicit, so a worker reads no scheduler variable), its thread count, and every other option.
    /// Paths are absolute.
    /// </summary>
    public static IReadOnlyList<string> Arguments(RunSettings settings, RunOptions options, int threads)
    {
        var args = new List<string>
        {
            "run", "--worker", "--config", Path.GetFullPath(settings.ConfigPath), "--matrix", settings.Matrix,
            "--out", Path.GetFullPath(options.OutputDir), "--data-root", options.ResolveDataRoot(), "--device", options.Device,
            "--shard", Invariant($"{options.ShardIndex}/{options.ShardCount}"), "--threads", Invariant($"{threads}"),
            "--checkpoint-every", Invariant($"{options.CheckpointEvery}"),
        };
        if (options.Force)
        {
            args.Add("--force");
        }

        if (settings.Verbose)
        {
            args.Add("--verbose");
        }

        if (options.SaveModels)
        {
            args.Add("--save-models");
        }

        // The same override, so a worker's cells have the coordinator's settings and config hashes.
        if (settings.Execution is { } execution)
        {
            args.AddRange(["--execution", execution]);
        }

        foreach (var plugins in settings.Plugins)
        {
            args.AddRange(["--plugins", Path.GetFullPath(plugins)]);
        }

        return args;
    }

    /// <summary>Start information for a worker with these arguments: all three standard streams are pipes to the coordinator.</summary>
    public ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in Prefix.Concat(arguments))
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
