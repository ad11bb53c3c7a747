using System.ComponentModel;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary>Options of <c>run</c>.</summary>
public class RunSettings : MatrixSettings
{
    /// <summary>Results folder.</summary>
    [CommandOption("--out <DIR>")]
    [Description("Results folder. Default: results/<matrix>")]
    public string? Out { get; init; }

    /// <summary>Device.</summary>
    [CommandOption("--device <DEVICE>")]
    [Description("auto, cpu or cuda. Default: auto (cuda when available)")]
    [DefaultValue("auto")]
    public string Device { get; init; } = "auto";

    /// <summary>Shard i/n.</summary>
    [CommandOption("--shard <I/N>")]
    [Description("Run only shard i of n (0-based), e.g. 0/4. Shards of one matrix can share --out or be merged later. Without it the shard comes from a Slurm job array (SLURM_ARRAY_TASK_ID, _MIN, _COUNT) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX with --shard-count).")]
    public string? Shard { get; init; }

    /// <summary>Shard count for a Kubernetes Indexed Job.</summary>
    [CommandOption("--shard-count <N>")]
    [Description("Number of shards when the index comes from JOB_COMPLETION_INDEX (Kubernetes does not export the Job's completions). Default: $FREETICKETS_SHARD_COUNT")]
    public int? ShardCount { get; init; }

    /// <summary>Recompute finished cells.</summary>
    [CommandOption("--force")]
    [Description("Recompute cells whose record already exists (the default resumes: finished cells are skipped).")]
    public bool Force { get; init; }

    /// <summary>Dataset root.</summary>
    [CommandOption("--data-root <DIR>")]
    [Description("Dataset root. Default: $FREETICKETS_DATA, else ~/.cache/freetickets-bench/data")]
    public string? DataRoot { get; init; }

    /// <summary>Only errors and the summary.</summary>
    [CommandOption("--quiet")]
    [Description("Print only cell results and the summary, not every epoch.")]
    public bool Quiet { get; init; }

    /// <summary>List the cells, train nothing.</summary>
    [CommandOption("--dry-run")]
    [Description("List the cells this command would train (its shard, its --out, --force), which are already finished and which would fail on a plugin that did not load; load no data, train nothing, write nothing.")]
    public bool DryRun { get; init; }

    /// <summary>Checkpoint interval in epochs.</summary>
    [CommandOption("--checkpoint-every <EPOCHS>")]
    [Description("Write a mid-cell checkpoint (model, masks, optimizer, RNG) every N epochs; 0 writes one only on Ctrl-C. Default: 1")]
    [DefaultValue(1)]
    public int CheckpointEvery { get; init; } = 1;

    /// <summary>Save the trained members.</summary>
    [CommandOption("--save-models")]
    [Description("Save every member's (EDST: ticket's) reported weights and masks as safetensors, with a model.json per cell, under <out>/models/<cell id>/ (docs/models.md). Cells finished without saved models are trained again. Same as evaluation.saveModels in the config.")]
    public bool SaveModels { get; init; }

    /// <summary>TensorBoard log folder.</summary>
    [CommandOption("--tensorboard <DIR>")]
    [Description("Write TensorBoard event files under DIR: DIR/<cell id>/run-<r> with per-epoch and per-topology-update scalars, DIR/<cell id>/ensemble with the final test metrics (docs/cli.md#tensorboard). Default: none")]
    public string? TensorBoard { get; init; }

    /// <summary>How sparse layers compute, for every cell.</summary>
    [CommandOption("--execution <MODE>")]
    [Description("masked or sparse: how the sparse layers of every cell compute, overriding sparse.execution in the config (sparse cells then get that mode's config hash; dense cells are unchanged). Default: the config's")]
    public string? Execution { get; init; }

    /// <summary>Worker processes.</summary>
    [CommandOption("--jobs <N>")]
    [Description("Worker processes on this machine sharing the matrix (its shard), handed cells most expensive first; --threads is then per worker (default: cores / N, at least 1). The tables equal a single process's at the same --threads. Default: 1")]
    [DefaultValue(1)]
    public int Jobs { get; init; } = 1;

    /// <summary>Internal: this process is a worker of <c>run --jobs</c>, taking cells on standard input.</summary>
    [CommandOption("--worker", IsHidden = true)]
    public bool Worker { get; init; }

    /// <inheritdoc />
    public override Spectre.Console.ValidationResult Validate() =>
        CheckpointEvery < 0 ? Spectre.Console.ValidationResult.Error($"--checkpoint-every: must be 0 or more (got {CheckpointEvery})")
        : Jobs < 1 ? Spectre.Console.ValidationResult.Error($"--jobs: must be at least 1 (got {Jobs})")
        : base.Validate();
}
