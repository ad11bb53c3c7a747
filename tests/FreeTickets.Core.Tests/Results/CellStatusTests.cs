using System.Text;
using FreeTickets.Core.Results;

namespace FreeTickets.Core.Tests.Results;

/// <summary>The status is an enum in code and the same lowercase text as always in runs.csv and in cell records.</summary>
public sealed class CellStatusTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("freetickets-status-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<CellStatus, string> Statuses => new()
    {
        { CellStatus.Ok, "ok" },
        { CellStatus.Diverged, "diverged" },
        { CellStatus.Failed, "failed" },
    };

    private static RunRow Row(CellStatus status) => new() { CellId = "cell", ConfigHash = "hash", Status = status, StatusDetail = "why" };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Should_write_and_read_the_lowercase_text_When_a_status_goes_through_runs_csv(CellStatus status, string text)
    {
        var path = Path.Combine(_dir, "runs.csv");
        ResultTables.WriteCsv(path, [Row(status)]);

        var line = File.ReadAllLines(path)[1];
        Assert.Contains($",{text},why,", line, StringComparison.Ordinal);
        Assert.Equal(status, Assert.Single(ResultTables.ReadCsv<RunRow>(path)).Status);
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Should_store_and_read_the_lowercase_text_When_a_status_goes_through_a_cell_record(CellStatus status, string text)
    {
        var json = CellStore.Serialize(new CellRecord(Row(status), [], []));

        Assert.Contains($"\"Status\": \"{text}\"", json, StringComparison.Ordinal);
        Assert.Equal(status, CellStore.Parse("cells/cell.json", Encoding.UTF8.GetBytes(json)).Run.Status);
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Should_give_the_lowercase_text_When_a_status_is_shown(CellStatus status, string text)
    {
        Assert.Equal(text, status.Text());
    }

    [Fact]
    public void Should_refuse_the_record_as_corrupt_When_its_status_is_not_a_known_text()
    {
        var json = CellStore.Serialize(new CellRecord(Row(CellStatus.Ok), [], [])).Replace("\"Status\": \"ok\"", "\"Status\": \"finished\"", StringComparison.Ordinal);

        var ex = Assert.Throws<BadInputException>(() => CellStore.Parse("cells/cell.json", Encoding.UTF8.GetBytes(json)));

        Assert.StartsWith("cells/cell.json: corrupt cell record", ex.Message, StringComparison.Ordinal);
    }
}
