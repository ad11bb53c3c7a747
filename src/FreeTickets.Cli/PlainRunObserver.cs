using System.Globalization;
using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Training;
using Spectre.Console;

namespace FreeTickets.Cli;

/// <summary>Line-per-event progress, readable in CI logs.</summary>
internal sealed class PlainRunObserver(IAnsiConsole console, bool quiet) : IRunObserver
{
    private int _index;
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
        _index = index;
        console.WriteLine($"[{index + 1}/{toRun}] {cell.Id}");
    }

    public void OnMember(CellSpec cell, int member, int members)
    {
        if (!quiet)
        {
            var what = cell.Method == MethodNames.EdstEnsemble ? "ticket phase" : "member";
            console.WriteLine($"  {what} {member + 1}/{members}");
        }
    }

    public void OnEpoch(CellSpec cell, EpochStats s)
    {
        if (!quiet)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    epoch {s.Epoch + 1,3} {s.Phase,-9} lr {s.LearningRate:0.####} loss {s.TrainLoss:0.0000} train {s.TrainAccuracy:P2} val {s.ValidationAccuracy:P2} density {s.Density:0.###} {s.WallSeconds:0.0}s"));
        }
    }

    /// <summary>Cells finished in this run, for the summary table.</summary>
    public List<(CellSpec Cell, RunRow Row)> Finished { get; } = [];

    public void OnCellEnd(CellSpec cell, RunRow row)
    {
        console.WriteLine($"[{_index + 1}/{_toRun}] {cell.Id}  -> {RunResultText.Plain(row)}");
        Finished.Add((cell, row));
    }
}
