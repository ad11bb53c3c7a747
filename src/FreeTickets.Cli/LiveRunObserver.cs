using System.Globalization;
using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FreeTickets.Cli;

/// <summary>
/// Live progress on a terminal: one bar for the matrix, labelled with the cell in flight, and one for that cell, labelled
/// with member or ticket, epoch, LR, density, loss and validation accuracy. Both bars count epochs plus one unit for the
/// cell's final evaluation (so the ETA weighs long cells properly and a cell whose epochs are done stays visible while it
/// is evaluated). Labels fit the terminal's width (see <see cref="LiveLabel"/>); results and messages scroll above the bars.
/// </summary>
internal sealed class LiveRunObserver : IRunObserver
{
    private readonly IAnsiConsole _console;
    private readonly ProgressContext _progress;
    private readonly LiveLabelColumn _labels;
    private readonly bool _verbose;
    private ProgressTask? _matrix;
    private ProgressTask? _cell;
    private string _matrixName = "";
    private int _cellsToRun;
    private double _unitsBeforeCell;
    private LiveLabel.Part _who = new("");

    private LiveRunObserver(IAnsiConsole console, ProgressContext progress, LiveLabelColumn labels, bool verbose)
    {
        _console = console;
        _progress = progress;
        _labels = labels;
        _verbose = verbose;
    }

    /// <summary>Cells finished in this run, for the summary table.</summary>
    public List<(CellSpec Cell, RunRow Row)> Finished { get; } = [];

    /// <summary>Shows the live view on <paramref name="console"/> while <paramref name="run"/> trains with the observer it is given.</summary>
    public static T Show<T>(IAnsiConsole console, bool verbose, Func<LiveRunObserver, T> run)
    {
        var labels = new LiveLabelColumn();
        return console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(labels, new LiveBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx => run(new LiveRunObserver(console, ctx, labels, verbose)));
    }

    public void OnMatrixStart(MatrixDefinition matrix, IReadOnlyList<CellSpec> cells, IReadOnlyList<CellSpec> toRun)
    {
        _matrixName = matrix.Name;
        _cellsToRun = toRun.Count;
        Say(Markup.FromInterpolated($"[bold]matrix {matrix.Name}[/]: {cells.Count} cell(s), {cells.Count - toRun.Count} already finished, {toRun.Count} to train"));
        _matrix = _progress.AddTask(matrix.Name, maxValue: Math.Max(1, toRun.Sum(Units)));
        Label(_matrix, new LiveLabel([new(matrix.Name), new($"{toRun.Count} cell(s) to train")]));
        _progress.Refresh();
    }

    public void OnMessage(string message) => Say(Markup.FromInterpolated($"[grey]{message}[/]"));

    public void OnCellSkipped(CellSpec cell)
    {
    }

    public void OnCellStart(CellSpec cell, int index, int toRun)
    {
        _unitsBeforeCell = _matrix?.Value ?? 0;
        _who = new("");
        if (_cell is not null)
        {
            _progress.RemoveTask(_cell);
        }

        _cell = _progress.AddTask(cell.Id, maxValue: Units(cell));
        Label(_cell, new LiveLabel([.. WhoParts(), new("starting")]));
        if (_matrix is not null)
        {
            Label(_matrix, MatrixLabel(cell, index));
        }

        _progress.Refresh();
    }

    public void OnMember(CellSpec cell, int member, int members)
    {
        // EDST reports its ticket phases here; phase 0 starts with the exploration epochs, before the first ticket.
        _who = cell.Method == MethodNames.EdstEnsemble
            ? new($"ticket {member + 1}/{members}", $"t{member + 1}/{members}")
            : members > 1 ? new($"member {member + 1}/{members}", $"m{member + 1}/{members}") : new("");
        if (_cell is not null)
        {
            Label(_cell, new LiveLabel([.. WhoParts(), new("starting")]));
        }
    }

    public void OnEpoch(CellSpec cell, EpochStats s)
    {
        if (_cell is null)
        {
            return;
        }

        // Curves number epochs per member (EDST: one run over all phases); a resumed cell starts part-way.
        var edst = cell.Method == MethodNames.EdstEnsemble;
        var epochs = edst ? cell.TrainingEpochs : cell.Settings.Training.Epochs;
        var done = edst ? s.Epoch + 1 : (s.Member * cell.Settings.Training.Epochs) + s.Epoch + 1;
        var trained = done >= cell.TrainingEpochs;
        LiveLabel.Part[] who = trained ? [new("evaluating", "eval")]
            : edst && s.Phase == "explore" ? [new("exploring", "expl")]
            : WhoParts();
        var label = new LiveLabel([
            .. who,
            new(F($"epoch {s.Epoch + 1}/{epochs}"), F($"e{s.Epoch + 1}/{epochs}")),
            new(F($"lr {s.LearningRate:0.####}")),
            new(F($"density {s.Density:0.###}"), F($"d {s.Density:0.##}")),
            new(F($"loss {s.TrainLoss:0.0000}"), F($"loss {s.TrainLoss:0.000}")),
            new(F($"val acc {s.ValidationAccuracy * 100:0.0} %"), F($"val {s.ValidationAccuracy * 100:0.0}%")),
        ]);
        Label(_cell, label);
        _cell.Value = Math.Min(done, cell.TrainingEpochs);
        _matrix?.Value(_unitsBeforeCell + _cell.Value);
        _progress.Refresh();
        if (_verbose)
        {
            Say(new Text(F($"  {cell.Id} {s.Phase} ") + label.Long));
        }
    }

    public void OnCellEnd(CellSpec cell, RunRow row)
    {
        if (_cell is not null)
        {
            _progress.RemoveTask(_cell);
            _cell = null;
        }

        _matrix?.Value(_unitsBeforeCell + Units(cell));
        _progress.Refresh();
        Say(new Markup(RunResultText.Markup(cell, row)));
        Finished.Add((cell, row));
    }

    // Lines written above the bars start where the bars were drawn, and Spectre does not clear what it overwrites: a line
    // that wraps would leave the rest of an old bar on its second row. Padding every row to the full width overwrites it.
    private void Say(IRenderable line) => _console.Write(new Padder(line, new Padding(0, 0)) { Expand = true });

    private void Label(ProgressTask task, LiveLabel label)
    {
        _labels.Widen(label, _console.Profile.Width);
        task.Tag = label;
    }

    // Epochs plus one for the evaluation on the test set (and OoD/corruption sets) that follows them.
    private static double Units(CellSpec cell) => cell.TrainingEpochs + 1;

    private LiveLabel.Part[] WhoParts() => _who.Long.Length == 0 ? [] : [_who];

    private LiveLabel MatrixLabel(CellSpec cell, int index)
    {
        var model = cell.NamesSparsePlugins
            ? $"{cell.Architecture}/{cell.Dataset} {cell.Settings.Sparse.Prune}+{cell.Settings.Sparse.Regrow}"
            : $"{cell.Architecture}/{cell.Dataset}";
        return new LiveLabel([
            new(_matrixName),
            new($"cell {index + 1}/{_cellsToRun}:", $"{index + 1}/{_cellsToRun}"),
            new(cell.Method, cell.Method.Replace("-ensemble", "-ens", StringComparison.Ordinal)),
            new(model),
            new(cell.Sparsity > 0 ? F($"S={cell.Sparsity:0.##}") : ""),
            new(F($"seed {cell.Seed}"), F($"s{cell.Seed}")),
        ]);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
