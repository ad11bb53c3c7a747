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
/// With worker processes (<c>run --jobs</c>) several cells are in flight: each has its own bar, whose label starts with
/// the cell, and the matrix bar counts the cells done and running.
/// </summary>
internal sealed class LiveRunObserver : IRunObserver
{
    private readonly IAnsiConsole _console;
    private readonly ProgressContext _progress;
    private readonly LiveLabelColumn _labels;
    private readonly bool _verbose;
    private readonly Dictionary<string, Flight> _inFlight = [];
    private ProgressTask? _matrix;
    private string _matrixName = "";
    private int _cellsToRun;
    private int _cellsDone;
    private double _unitsDone;

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
        var flight = _inFlight[cell.Id] = new Flight(_progress.AddTask(cell.Id, maxValue: Units(cell)), cell, index);
        Label(flight, [new("starting")]);
        RefreshMatrix();
    }

    public void OnMember(CellSpec cell, int member, int members)
    {
        // EDST reports its ticket phases here; phase 0 starts with the exploration epochs, before the first ticket.
        if (!_inFlight.TryGetValue(cell.Id, out var flight))
        {
            return;
        }

        flight.Who = cell.Method == MethodNames.EdstEnsemble
            ? new($"ticket {member + 1}/{members}", $"t{member + 1}/{members}")
            : members > 1 ? new($"member {member + 1}/{members}", $"m{member + 1}/{members}") : new("");
        Label(flight, [new("starting")]);
    }

    public void OnEpoch(CellSpec cell, EpochStats s)
    {
        if (!_inFlight.TryGetValue(cell.Id, out var flight))
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
            : flight.WhoParts();
        LiveLabel.Part[] parts = [
            .. who,
            new(F($"epoch {s.Epoch + 1}/{epochs}"), F($"e{s.Epoch + 1}/{epochs}")),
            new(F($"lr {s.LearningRate:0.####}")),
            new(F($"density {s.Density:0.###}"), F($"d {s.Density:0.##}")),
            new(F($"loss {s.TrainLoss:0.0000}"), F($"loss {s.TrainLoss:0.000}")),
            new(F($"val acc {s.ValidationAccuracy * 100:0.0} %"), F($"val {s.ValidationAccuracy * 100:0.0}%")),
        ];
        Label(flight, parts, withWho: false);
        flight.Task.Value = Math.Min(done, cell.TrainingEpochs);
        RefreshMatrix();
        if (_verbose)
        {
            Say(new Text(F($"  {cell.Id} {s.Phase} ") + new LiveLabel(parts).Long));
        }
    }

    public void OnCellEnd(CellSpec cell, RunRow row)
    {
        if (_inFlight.Remove(cell.Id, out var flight))
        {
            _progress.RemoveTask(flight.Task);
        }

        _cellsDone++;
        _unitsDone += Units(cell);
        RefreshMatrix();
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

    // A cell bar's label: with several cells in flight it starts with the cell (which the matrix bar names otherwise).
    private void Label(Flight flight, LiveLabel.Part[] parts, bool withWho = true)
    {
        LiveLabel.Part[] who = withWho ? flight.WhoParts() : [];
        Label(flight.Task, new LiveLabel([.. _inFlight.Count > 1 ? CellParts(flight.Cell) : [], .. who, .. parts]));
        _progress.Refresh();
    }

    // The matrix bar: the cell in flight when there is one, else how many run and are done. Its value is the units of the
    // finished cells plus those of the cells in flight.
    private void RefreshMatrix()
    {
        if (_matrix is null)
        {
            return;
        }

        _matrix.Value(_unitsDone + _inFlight.Values.Sum(f => f.Task.Value));
        if (_inFlight.Count == 1)
        {
            Label(_matrix, new LiveLabel([new(_matrixName), .. CellParts(_inFlight.Values.Single().Cell)]));
        }
        else if (_inFlight.Count > 1)
        {
            Label(_matrix, new LiveLabel([new(_matrixName), new($"{_cellsDone}/{_cellsToRun} cells done,", $"{_cellsDone}/{_cellsToRun} done"), new($"{_inFlight.Count} running")]));
        }

        _progress.Refresh();
    }

    // Epochs plus one for the evaluation on the test set (and OoD/corruption sets) that follows them.
    private static double Units(CellSpec cell) => cell.TrainingEpochs + 1;

    private LiveLabel.Part[] CellParts((CellSpec Cell, int Index) flight)
    {
        var (cell, index) = flight;
        var model = cell.NamesSparsePlugins
            ? $"{cell.Architecture}/{cell.Dataset} {cell.Settings.Sparse.Prune}+{cell.Settings.Sparse.Regrow}"
            : $"{cell.Architecture}/{cell.Dataset}";
        return [
            new($"cell {index + 1}/{_cellsToRun}:", $"{index + 1}/{_cellsToRun}"),
            new(cell.Method, cell.Method.Replace("-ensemble", "-ens", StringComparison.Ordinal)),
            new(model),
            new(cell.Sparsity > 0 ? F($"S={cell.Sparsity:0.##}") : ""),
            new(F($"seed {cell.Seed}"), F($"s{cell.Seed}")),
        ];
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Flight(ProgressTask task, CellSpec cell, int index)
    {
        public ProgressTask Task { get; } = task;

        public (CellSpec Cell, int Index) Cell { get; } = (cell, index);

        public LiveLabel.Part Who { get; set; } = new("");

        public LiveLabel.Part[] WhoParts() => Who.Long.Length == 0 ? [] : [Who];
    }
}
