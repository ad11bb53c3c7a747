using System.Globalization;
using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Training;
using Spectre.Console;

namespace FreeTickets.Cli;

/// <summary>
/// Live progress on a terminal: one bar for the matrix (epochs of all cells to train, so the ETA weighs long cells
/// properly) and one for the cell in flight, whose label shows method, member/ticket, phase, epoch, LR, density, loss and
/// accuracy. Cell results and messages scroll above the bars.
/// </summary>
internal sealed class LiveRunObserver(IAnsiConsole console, ProgressContext progress, bool verbose) : IRunObserver
{
    private ProgressTask? _matrix;
    private ProgressTask? _cell;
    private string _matrixName = "";
    private int _cellsDone;
    private int _cellsToRun;
    private double _epochsBeforeCell;
    private string _member = "";

    public void OnMatrixStart(MatrixDefinition matrix, IReadOnlyList<CellSpec> cells, IReadOnlyList<CellSpec> toRun)
    {
        _matrixName = matrix.Name;
        _cellsToRun = toRun.Count;
        var epochs = toRun.Sum(c => (double)c.TrainingEpochs);
        console.MarkupLineInterpolated($"[bold]matrix {matrix.Name}[/]: {cells.Count} cell(s), {cells.Count - toRun.Count} already finished, {toRun.Count} to train");
        _matrix = progress.AddTask(MatrixLabel(), maxValue: Math.Max(1, epochs));
    }

    public void OnMessage(string message) => console.MarkupLineInterpolated($"[grey]{message}[/]");

    public void OnCellSkipped(CellSpec cell)
    {
    }

    public void OnCellStart(CellSpec cell, int index, int toRun)
    {
        _epochsBeforeCell = _matrix?.Value ?? 0;
        _member = "";
        _cell?.StopTask();
        _cell = progress.AddTask(CellName(cell), maxValue: Math.Max(1, cell.TrainingEpochs));
        if (_matrix is not null)
        {
            _matrix.Description = MatrixLabel();
        }
    }

    public void OnMember(CellSpec cell, int member, int members) =>
        _member = cell.Method == MethodNames.EdstEnsemble
            ? $"ticket {member + 1}/{members}"
            : members > 1 ? $"member {member + 1}/{members}" : "";

    public void OnEpoch(CellSpec cell, EpochStats s)
    {
        if (_cell is null)
        {
            return;
        }

        // Curves number epochs per member; the bar counts the cell's epochs in all.
        _cell.Increment(1);
        _matrix?.Value(_epochsBeforeCell + _cell.Value);
        var label = string.Create(CultureInfo.InvariantCulture,
            $"{CellName(cell)} {_member} {s.Phase} epoch {s.Epoch + 1} lr {s.LearningRate:0.####} density {s.Density:0.###} loss {s.TrainLoss:0.0000} val {s.ValidationAccuracy:P1}");
        _cell.Description = Markup.Escape(label.Replace("  ", " ", StringComparison.Ordinal));
        if (verbose)
        {
            console.WriteLine("  " + label);
        }
    }

    public void OnCellEnd(CellSpec cell, RunRow row)
    {
        _cellsDone++;
        if (_cell is not null)
        {
            _cell.Value = _cell.MaxValue;
            _cell.StopTask();
        }

        if (_matrix is not null)
        {
            _matrix.Value(_epochsBeforeCell + cell.TrainingEpochs);
            _matrix.Description = MatrixLabel();
        }

        console.MarkupLine(RunResultText.Markup(cell, row));
        Finished.Add((cell, row));
    }

    /// <summary>Cells finished in this run, for the summary table.</summary>
    public List<(CellSpec Cell, RunRow Row)> Finished { get; } = [];

    private string MatrixLabel() => Markup.Escape($"{_matrixName}: {_cellsDone}/{_cellsToRun} cells");

    private static string CellName(CellSpec cell) => Markup.Escape(string.Create(CultureInfo.InvariantCulture,
        $"{cell.Method} {cell.Architecture}/{cell.Dataset}{(cell.Sparsity > 0 ? $" S={cell.Sparsity:0.##}" : "")} seed {cell.Seed}"));
}
