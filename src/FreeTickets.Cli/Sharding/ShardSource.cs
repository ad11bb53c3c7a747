namespace FreeTickets.Cli.Sharding;

/// <summary>What chose the shard of a run, in precedence order.</summary>
public enum ShardSource
{
    /// <summary>No shard: the run takes every cell.</summary>
    None,

    /// <summary>The <c>--shard i/n</c> option.</summary>
    Option,

    /// <summary>A Slurm job array (<c>SLURM_ARRAY_TASK_ID</c>, <c>SLURM_ARRAY_TASK_MIN</c>, <c>SLURM_ARRAY_TASK_COUNT</c>).</summary>
    Slurm,

    /// <summary>A Kubernetes Indexed Job (<c>JOB_COMPLETION_INDEX</c> with <c>--shard-count</c> or <c>FREETICKETS_SHARD_COUNT</c>).</summary>
    Kubernetes,
}
