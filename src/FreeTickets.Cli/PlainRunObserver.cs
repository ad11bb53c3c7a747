using System.Globalization;
using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Training;
using Spectre.Console;

namespace FreeTickets.Cli;

/// <summary>
/// Line-per-event progress, readable in CI logs. With worker processes (<c>run --jobs</c>) the lines of cells in flight
/// interleave, so member and epoch lines then start with their cell's number.
/// </summary>
internal sealed class PlainRunObserver(IAnsiConsole console, bool quiet) : IRunObserver
{
    private readonly Dictionary<string, int> _index = [];
    private int _toRun;

    public void OnMatrixStart(MatrixDefinition matrix, IReadOnlyList<CellSpec> cells, IReadOnlyList<CellSpec> toRun)
    {
        _toRun = toRun.Count;
        console.WriteLine($"matrix {matrix.Name}: {cells.Count} cell(s), {cells.Count - toRun.Count} already finished, {toRun.Count} to train");
    }

    public void OnMessage(string message) => console.WriteLine(message);

    public void OnCellSkipped(CellSpec cell)
    {
        if (!quiet)
        {
            console.WriteLine($"skip {cell.Id} (finished, config {cell.ConfigHash})");
        }
    }

    public void OnCellStart(CellSpec cell, int index, int toRun)
    {
        _index[cell.Id] = index;
        console.WriteLine($"[{index + 1}/{toRun}] {cell.Id}");
    }

    public void OnMember(CellSpec cell, int member, int members)
    {
        if (!quiet)
        {
            var what = cell.Method == MethodNames.EdstEnsemble ? "ticket phase" : "member";
            console.WriteLine($"{Indent(cell)}{what} {member + 1}/{members}");
        }
    }

    public void OnEpoch(CellSpec cell, EpochStats s)
    {
        if (!quiet)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Indent(cell)}  epoch {s.Epoch + 1,3} {s.Phase,-9} lr {s.LearningRate:0.####} loss {s.TrainLoss:0.0000} train {s.TrainAccuracy:P2} val {s.ValidationAccuracy:P2} density {s.Density:0.###} {s.WallSeconds:0.0}s"));
        }
    }

    /// <summary>Cells finished in this run, for the summary table.</summary>
    public List<(CellSpec Cell, RunRow Row)> Finished { get; } = [];

    public void OnCellEnd(CellSpec cell, RunRow row)
    {
        var index = _index.Remove(cell.Id, out var i) ? i : 0;
        console.WriteLine($"[{index + 1}/{_toRun}] {cell.Id}  -> {RunResultText.Plain(row)}");
        Finished.Add((cell, row));
    }

    // Two spaces, or the cell's number while another cell is in flight too.
    private string Indent(CellSpec cell) => _index.Count > 1 && _index.TryGetValue(cell.Id, out var i) ? $"  [{i + 1}/{_toRun}] " : "  ";
}
