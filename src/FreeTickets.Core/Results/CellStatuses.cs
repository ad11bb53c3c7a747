namespace FreeTickets.Core.Results;

/// <summary>The text of a <see cref="CellStatus"/>, as the tables, records and console show it.</summary>
public static class CellStatuses
{
    /// <summary><c>ok</c>, <c>diverged</c> or <c>failed</c>.</summary>
    public static string Text(this CellStatus status) => status switch
    {
        CellStatus.Ok => "ok",
        CellStatus.Diverged => "diverged",
        CellStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a cell status"),
    };
}
