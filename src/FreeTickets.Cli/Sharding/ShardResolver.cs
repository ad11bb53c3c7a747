using System.Collections;
using System.Globalization;
using FreeTickets.Core;

namespace FreeTickets.Cli.Sharding;

/// <summary>
/// Decides which shard a run takes: explicit <c>--shard i/n</c>, else a Slurm job array, else a Kubernetes Indexed Job,
/// else none. A pure function of the options and an environment dictionary, so schedulers can be simulated in tests.
/// Invalid values of the source that decides are bad input naming the variable; lower-precedence sources are not read.
/// </summary>
public static class ShardResolver
{
    /// <summary>Slurm: this task's array index.</summary>
    public const string SlurmTaskId = "SLURM_ARRAY_TASK_ID";

    /// <summary>Slurm: number of tasks in the array.</summary>
    public const string SlurmTaskCount = "SLURM_ARRAY_TASK_COUNT";

    /// <summary>Slurm: lowest array index (<c>--array=1-3</c> starts at 1).</summary>
    public const string SlurmTaskMin = "SLURM_ARRAY_TASK_MIN";

    /// <summary>Slurm: index step (<c>--array=0-6:2</c> has step 2).</summary>
    public const string SlurmTaskStep = "SLURM_ARRAY_TASK_STEP";

    /// <summary>Kubernetes Indexed Job: this pod's completion index (the Job's completion count is not exported).</summary>
    public const string JobCompletionIndex = "JOB_COMPLETION_INDEX";

    /// <summary>Our variable for the shard count of a Kubernetes Indexed Job (the <c>--shard-count</c> option wins).</summary>
    public const string ShardCountVariable = "FREETICKETS_SHARD_COUNT";

    /// <summary>Resolves the shard.</summary>
    /// <param name="shardOption">The <c>--shard i/n</c> value, or null.</param>
    /// <param name="shardCountOption">The <c>--shard-count N</c> value (for <c>JOB_COMPLETION_INDEX</c>), or null.</param>
    /// <param name="environment">Environment variables (<see cref="Environment.GetEnvironmentVariables()"/>).</param>
    public static ShardAssignment Resolve(string? shardOption, int? shardCountOption, IDictionary environment)
    {
        if (shardCountOption is < 1)
        {
            throw new BadInputException(string.Create(CultureInfo.InvariantCulture, $"--shard-count: must be at least 1 (got {shardCountOption})"));
        }

        var slurm = Read(environment, SlurmTaskId) is not null;
        var kubernetes = Read(environment, JobCompletionIndex) is not null;
        if (shardOption is not null)
        {
            var (index, count) = ParseOption(shardOption);
            return new ShardAssignment(index, count, ShardSource.Option, $"--shard {shardOption}",
                Ignored(slurm ? SlurmTaskId : null, kubernetes ? JobCompletionIndex : null, shardCountOption is null ? null : "--shard-count"));
        }

        if (slurm)
        {
            return FromSlurm(environment, Ignored(kubernetes ? JobCompletionIndex : null, shardCountOption is null ? null : "--shard-count"));
        }

        if (kubernetes)
        {
            return FromKubernetes(environment, shardCountOption);
        }

        if (shardCountOption is not null)
        {
            throw new BadInputException(
                $"--shard-count is the shard count of a Kubernetes Indexed Job, but {JobCompletionIndex} is not set; use --shard i/n to pick a shard by hand");
        }

        return ShardAssignment.All;
    }

    /// <summary>Parses <c>i/n</c> with 0 &lt;= i &lt; n.</summary>
    public static (int Index, int Count) ParseOption(string shard)
    {
        var parts = shard.Split('/');
        if (parts.Length == 2 && TryParse(parts[0], out var i) && TryParse(parts[1], out var n) && n >= 1 && i < n)
        {
            return (i, n);
        }

        throw new BadInputException($"--shard: expected i/n with 0 <= i < n (got '{shard}')");
    }

    private static ShardAssignment FromSlurm(IDictionary environment, IReadOnlyList<string> ignored)
    {
        var id = Number(environment, SlurmTaskId, 0)!.Value;
        var count = Number(environment, SlurmTaskCount, 1)
            ?? throw new BadInputException(
                $"{SlurmTaskId}={id} is set but {SlurmTaskCount} is not (Slurm sets both for job arrays); use --shard i/n to pick a shard by hand");
        var min = Number(environment, SlurmTaskMin, 0);
        var step = Number(environment, SlurmTaskStep, 1) ?? 1;
        var minText = min is null ? $"{SlurmTaskMin} unset, taken as 0" : $"{SlurmTaskMin}={min}";
        var offset = id - (min ?? 0);
        if (offset < 0 || offset % step != 0)
        {
            throw new BadInputException(
                $"{SlurmTaskId}={id} is not in the array ({minText}, {SlurmTaskStep}={step}); submit one range such as --array=0-{count - 1}");
        }

        var index = offset / step;
        if (index >= count)
        {
            throw new BadInputException(
                $"{SlurmTaskId}={id} ({minText}, step {step}) is shard {index}, not below {SlurmTaskCount}={count}; submit one range such as --array=0-{count - 1}");
        }

        var detail = $"{SlurmTaskId}={id}, {minText}, {SlurmTaskCount}={count}" + (step == 1 ? "" : $", {SlurmTaskStep}={step}");
        return new ShardAssignment(index, count, ShardSource.Slurm, detail, ignored);
    }

    private static ShardAssignment FromKubernetes(IDictionary environment, int? shardCountOption)
    {
        var index = Number(environment, JobCompletionIndex, 0)!.Value;
        var (count, from) = shardCountOption is { } option
            ? (option, $"--shard-count {option}")
            : Number(environment, ShardCountVariable, 1) is { } variable
                ? (variable, $"{ShardCountVariable}={variable}")
                : throw new BadInputException(
                    $"{JobCompletionIndex}={index} is set but the shard count is not: pass --shard-count N or set {ShardCountVariable} to the Job's completions");
        if (index >= count)
        {
            throw new BadInputException(
                $"{JobCompletionIndex}={index} is not below the shard count {count} (from {from}); give the Job's completions as the shard count");
        }

        return new ShardAssignment(index, count, ShardSource.Kubernetes, $"{JobCompletionIndex}={index}, {from}", []);
    }

    /// <summary>A whole number at least <paramref name="minimum"/>, null when unset or empty, bad input naming the variable otherwise.</summary>
    private static int? Number(IDictionary environment, string name, int minimum)
    {
        var text = Read(environment, name);
        if (text is null)
        {
            return null;
        }

        return TryParse(text, out var value) && value >= minimum
            ? value
            : throw new BadInputException(string.Create(CultureInfo.InvariantCulture, $"{name} must be a whole number >= {minimum} (got '{text}')"));
    }

    private static string? Read(IDictionary environment, string name) =>
        environment[name] is string value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool TryParse(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string[] Ignored(params string?[] names) => [.. names.OfType<string>()];
}
