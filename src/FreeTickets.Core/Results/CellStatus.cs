using System.Text.Json.Serialization;
using CsvHelper.Configuration.Attributes;

namespace FreeTickets.Core.Results;

/// <summary>
/// How a cell ended. CSV tables and cell records hold the lowercase text (<c>ok</c>, <c>diverged</c>, <c>failed</c>), as
/// they always have: the attributes give CsvHelper and System.Text.Json that text, and <see cref="CellStatuses.Text"/> gives
/// it to everything else.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CellStatus>))]
public enum CellStatus
{
    /// <summary>The cell finished and was evaluated.</summary>
    [Name("ok")]
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>The training loss became NaN or infinite.</summary>
    [Name("diverged")]
    [JsonStringEnumMemberName("diverged")]
    Diverged,

    /// <summary>The cell could not run (for example its plugin did not load).</summary>
    [Name("failed")]
    [JsonStringEnumMemberName("failed")]
    Failed,
}
