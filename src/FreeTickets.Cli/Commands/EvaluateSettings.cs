using System.ComponentModel;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary>Options of <c>evaluate</c>.</summary>
public sealed class EvaluateSettings : PluginSettings
{
    /// <summary>The saved cell's folder.</summary>
    [CommandArgument(0, "<DIR>")]
    [Description("A saved cell: results/<matrix>/models/<cell id> (written by run --save-models).")]
    public string Dir { get; init; } = "";

    /// <summary>Test set.</summary>
    [CommandOption("--dataset <NAME>")]
    [Description("Dataset plugin whose test split to evaluate on (same input shape and classes). Default: the cell's own")]
    public string? Dataset { get; init; }

    /// <summary>OoD sets.</summary>
    [CommandOption("--ood <NAME>")]
    [Description("Out-of-distribution dataset plugin (repeatable): the ensemble's max-softmax AUROC against the test set.")]
    public string[] Ood { get; init; } = [];

    /// <summary>Corruptions.</summary>
    [CommandOption("--corruptions <NAME>")]
    [Description("Generated corruption of the test set (repeatable): gaussian-noise, gaussian-blur, rotation, contrast.")]
    public string[] Corruptions { get; init; } = [];

    /// <summary>Severities.</summary>
    [CommandOption("--severities <N>")]
    [Description("Severity 1-5 of every corruption (repeatable). Default: 1 to 5")]
    public int[] Severities { get; init; } = [];

    /// <summary>Data root.</summary>
    [CommandOption("--data-root <DIR>")]
    [Description("Dataset root. Default: $FREETICKETS_DATA, else ~/.cache/freetickets-bench/data")]
    public string? DataRoot { get; init; }

    /// <summary>Intra-op threads.</summary>
    [CommandOption("--threads <N>")]
    [Description("Torch intra-op threads. The recorded metrics are reproduced bit for bit with the thread count and device of the run. Default: the run's thread count (model.json)")]
    public int? Threads { get; init; }
}
