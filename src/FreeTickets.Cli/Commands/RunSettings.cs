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
    [Description("Run only shard i of n (0-based), e.g. 0/4. Shards of one matrix can share --out or be merged later.")]
    public string? Shard { get; init; }

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

    /// <summary>Checkpoint interval in epochs.</summary>
    [CommandOption("--checkpoint-every <EPOCHS>")]
    [Description("Write a mid-cell checkpoint (model, masks, optimizer, RNG) every N epochs; 0 writes one only on Ctrl-C. Default: 1")]
    [DefaultValue(1)]
    public int CheckpointEvery { get; init; } = 1;

    /// <inheritdoc />
    public override Spectre.Console.ValidationResult Validate() =>
        CheckpointEvery < 0
            ? Spectre.Console.ValidationResult.Error($"--checkpoint-every must be 0 or more (got {CheckpointEvery})")
            : base.Validate();

    /// <summary>Parses --shard.</summary>
    public (int Index, int Count) ParseShard()
    {
        if (Shard is null)
        {
            return (0, 1);
        }

        var parts = Shard.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var i) && int.TryParse(parts[1], out var n) && n >= 1 && i >= 0 && i < n)
        {
            return (i, n);
        }

        throw new FreeTickets.Core.BadInputException($"--shard must be i/n with 0 <= i < n (got '{Shard}')");
    }
}
