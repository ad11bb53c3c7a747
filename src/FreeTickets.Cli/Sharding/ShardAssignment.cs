using System.Globalization;

namespace FreeTickets.Cli.Sharding;

/// <summary>The shard a run takes and where that choice came from.</summary>
/// <param name="Index">This shard (0-based).</param>
/// <param name="Count">Number of shards (1: every cell).</param>
/// <param name="Source">What chose it.</param>
/// <param name="Detail">The option or variables it was read from, e.g. <c>SLURM_ARRAY_TASK_ID=2, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=3</c>.</param>
/// <param name="Ignored">Lower-precedence sources that were present but not used (names of their variables or options).</param>
public sealed record ShardAssignment(int Index, int Count, ShardSource Source, string Detail, IReadOnlyList<string> Ignored)
{
    /// <summary>No sharding: every cell.</summary>
    public static ShardAssignment All { get; } = new(0, 1, ShardSource.None, "", []);

    /// <summary>One line for the log, e.g. <c>shard 1/3 from Slurm (SLURM_ARRAY_TASK_ID=2, ...)</c>.</summary>
    public string Describe()
    {
        if (Source == ShardSource.None)
        {
            return "no shard: every cell of the matrix";
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"shard {Index}/{Count} from {SourceName} ({Detail})");
        return Ignored.Count == 0 ? text : $"{text}; ignored: {string.Join(", ", Ignored)}";
    }

    private string SourceName => Source switch
    {
        ShardSource.Option => "--shard",
        ShardSource.Slurm => "a Slurm job array",
        ShardSource.Kubernetes => "a Kubernetes Indexed Job",
        _ => "nothing",
    };
}
