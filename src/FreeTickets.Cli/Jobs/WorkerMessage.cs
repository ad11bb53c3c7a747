using System.Text.Json;
using System.Text.Json.Serialization;
using FreeTickets.Core.Training;

namespace FreeTickets.Cli.Jobs;

/// <summary>
/// One line a worker of <c>run --jobs</c> writes on its standard output for its coordinator (JSON, one object per line):
/// <c>next</c> (ready for a cell), <c>message</c>, <c>member</c>, <c>epoch</c>, <c>update</c> (progress of the cell in hand) and
/// <c>done</c> (the cell's record is stored). The coordinator answers on the worker's standard input with the lines of
/// <see cref="WorkerCommands"/>.
/// </summary>
internal sealed record WorkerMessage(string Kind)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    /// <summary>Ready for the next cell.</summary>
    public const string Next = "next";

    /// <summary>A one-line message (<see cref="Text"/>).</summary>
    public const string Message = "message";

    /// <summary>A member or EDST ticket phase starts (<see cref="Member"/> of <see cref="Members"/>).</summary>
    public const string MemberStart = "member";

    /// <summary>An epoch finished (<see cref="Epoch"/>).</summary>
    public const string EpochEnd = "epoch";

    /// <summary>A topology update (<see cref="Update"/> of training run <see cref="Member"/>).</summary>
    public const string TopologyUpdate = "update";

    /// <summary>The cell's record is stored.</summary>
    public const string Done = "done";

    /// <summary>The cell the event belongs to.</summary>
    public string? Cell { get; init; }

    /// <summary>Text of a message.</summary>
    public string? Text { get; init; }

    /// <summary>Member or ticket phase (0-based).</summary>
    public int Member { get; init; }

    /// <summary>Members or ticket phases of the cell.</summary>
    public int Members { get; init; }

    /// <summary>Statistics of a finished epoch.</summary>
    public EpochStats? Epoch { get; init; }

    /// <summary>A topology update.</summary>
    public TopologyUpdate? Update { get; init; }

    /// <summary>The line to write.</summary>
    public string ToLine() => JsonSerializer.Serialize(this, _json);

    /// <summary>A worker's line, or null when it is not one of these messages (text something else printed).</summary>
    public static WorkerMessage? Parse(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<WorkerMessage>(line, _json) is { Kind.Length: > 0 } message ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The lines a coordinator writes on a worker's standard input.</summary>
internal static class WorkerCommands
{
    /// <summary>No more cells: return when idle.</summary>
    public const string End = "end";

    /// <summary>Stop after the current epoch (checkpoint, exit 130); take no more cells.</summary>
    public const string Stop = "stop";

    /// <summary>Stop within the current step (the last checkpoint stays).</summary>
    public const string Now = "now";

    /// <summary>Prefix of the command that hands out a cell: <c>cell &lt;id&gt;</c>.</summary>
    public const string CellPrefix = "cell ";

    /// <summary>The command that hands out a cell.</summary>
    public static string Cell(string id) => CellPrefix + id;
}
