using System.Text.RegularExpressions;
using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using FreeTickets.Core.Training;
using Spectre.Console.Testing;

namespace FreeTickets.Cli.Tests;

/// <summary>
/// Drives the live view through Spectre's interactive test console (the renderer a real terminal gets) with the cells
/// of the repository's <c>ci</c> matrix, and reads the frames it draws.
/// </summary>
public sealed partial class LiveRunObserverTests
{
    private static readonly MatrixDefinition _ci = BenchmarkConfigLoader.Load(CliHarness.RepoConfig).Matrix("ci");
    private static readonly IReadOnlyList<CellSpec> _cells = _ci.Cells();

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    public void Should_show_the_cell_line_with_its_epoch_and_loss_and_update_it_When_epochs_finish(int width)
    {
        var console = Terminal(width);
        var edst = _cells.First(c => c.Method == MethodNames.EdstEnsemble);
        string first = "", second = "";
        LiveRunObserver.Show(console, verbose: false, observer =>
        {
            observer.OnMatrixStart(_ci, _cells, _cells);
            observer.OnCellStart(edst, 9, _cells.Count);
            observer.OnMember(edst, 0, 3);
            first = Frame(console, () => observer.OnEpoch(edst, Stats(0, 0, "explore", loss: 0.5, val: 0.91, density: 0.2)));
            second = Frame(console, () => observer.OnEpoch(edst, Stats(0, 1, "explore", loss: 0.25, val: 0.95, density: 0.2)));
            return 0;
        });

        var line = BarRow(first, "loss 0.500");
        Assert.Matches("(exploring|expl) (epoch |e)1/18 lr 0.1 (density|d) 0.2 loss 0.5000? val( acc)? 91.0 ?%", line);
        // Two-digit cell counts still fit 80 columns on one line: the method is shortened too.
        Assert.Matches("^ci (cell )?10/12:? edst-ens(emble)? mlp-300-100/mnist S=0.8 s(eed )?1 ", BarRow(first, "edst-ens"));
        var updated = BarRow(second, "loss 0.250");
        Assert.Matches("(epoch |e)2/18 .* val( acc)? 95.0 ?%", updated);
        Assert.DoesNotContain("loss 0.500", second);
        Assert.All(Lines(first).Concat(Lines(second)), l => Assert.True(l.TrimEnd().Length <= width, $"{l.TrimEnd().Length} > {width}: {l}"));
        if (width >= 150)
        {
            // Room for every part spelled out.
            Assert.Contains("exploring epoch 1/18 lr 0.1 density 0.2 loss 0.5000 val acc 91.0 %", line);
            Assert.Contains("ci cell 10/12: edst-ensemble mlp-300-100/mnist S=0.8 seed 1", first);
            // The label column is as wide as its widest label, not the whole line: the bar follows the label.
            Assert.Matches("val acc 91.0 % +\\S", line);
            Assert.True(line.TrimEnd().Length < width - 40, $"{line.TrimEnd().Length} columns: {line}");
        }
    }

    [Fact]
    public void Should_name_member_and_keep_the_cell_line_while_evaluating_When_the_last_epoch_is_done()
    {
        var console = Terminal(100);
        var ensemble = _cells.First(c => c.Method == MethodNames.DenseEnsemble);
        string member = "", evaluating = "", ended = "", result = "";
        LiveRunObserver.Show(console, verbose: false, observer =>
        {
            observer.OnMatrixStart(_ci, _cells, _cells);
            observer.OnCellStart(ensemble, 0, _cells.Count);
            observer.OnMember(ensemble, 1, 3);
            member = Frame(console, () => observer.OnEpoch(ensemble, Stats(1, 4, "train", loss: 0.125, val: 0.97, density: 1)));
            observer.OnMember(ensemble, 2, 3);
            evaluating = Frame(console, () => observer.OnEpoch(ensemble, Stats(2, 9, "train", loss: 0.0625, val: 0.98, density: 1)));
            var before = console.Output.Length;
            ended = Frame(console, () => observer.OnCellEnd(ensemble, new RunRow { Status = CellStatus.Ok, Accuracy = 0.981, WallSeconds = 12 }));
            result = console.Output[before..];
            return 0;
        });

        Assert.Matches("(member |m)2/3 (epoch |e)5/10 ", BarRow(member, "loss 0.12"));
        // 3 members x 10 epochs done, the test-set evaluation still to come: the line stays, at 30 of 31 units.
        var last = BarRow(evaluating, "loss 0.06");
        Assert.Matches("(evaluating|eval) (epoch |e)10/10 ", last);
        Assert.Matches(" 9[67]% ", last);
        Assert.Contains(ensemble.Id + " test acc 98.10 %", result);
        Assert.DoesNotContain("loss 0.06", ended);
    }

    [Fact]
    public void Should_give_each_cell_in_flight_a_bar_named_after_it_When_workers_train_two_cells_at_once()
    {
        var console = Terminal(250);
        var (dense, edst) = (_cells.First(c => c.Method == MethodNames.Dense), _cells.First(c => c.Method == MethodNames.EdstEnsemble));
        string both = "", one = "";
        LiveRunObserver.Show(console, verbose: false, observer =>
        {
            observer.OnMatrixStart(_ci, _cells, _cells);
            observer.OnCellStart(edst, 0, _cells.Count);
            observer.OnCellStart(dense, 1, _cells.Count);
            observer.OnEpoch(edst, Stats(0, 2, "explore", loss: 0.5, val: 0.91, density: 0.2));
            both = Frame(console, () => observer.OnEpoch(dense, Stats(0, 3, "train", loss: 0.25, val: 0.95, density: 1)));
            observer.OnCellEnd(dense, new RunRow { Status = CellStatus.Ok, Accuracy = 0.98, WallSeconds = 10 });
            one = Frame(console, () => observer.OnEpoch(edst, Stats(0, 3, "explore", loss: 0.125, val: 0.93, density: 0.2)));
            return 0;
        });

        Assert.Matches("^ci 0/12 cells done, 2 running ", BarRow(both, "running"));
        Assert.Matches("cell 1/12: edst-ensemble mlp-300-100/mnist S=0.8 seed 1 exploring epoch 3/18 .* loss 0.5000", BarRow(both, "loss 0.5000"));
        Assert.Matches("cell 2/12: dense mlp-300-100/mnist seed 1 epoch 4/10 .* loss 0.2500", BarRow(both, "loss 0.2500"));
        // One cell left in flight: the matrix bar names it again, and its own bar drops the name.
        Assert.Matches("^ci cell 1/12: edst-ensemble", BarRow(one, "edst"));
        Assert.Matches("^exploring epoch 4/18 ", BarRow(one, "loss 0.1250"));
        Assert.DoesNotContain("loss 0.2500", one);
    }

    [Fact]
    public void Should_shorten_parts_from_the_left_and_never_cut_When_fitting_a_label()
    {
        var label = new LiveLabel([new("member 2/3", "m2/3"), new(""), new("epoch 3/10", "e3/10"), new("loss 0.1234", "loss 0.123")]);

        Assert.Equal("member 2/3 epoch 3/10 loss 0.1234", label.Fit(200));
        Assert.Equal("m2/3 epoch 3/10 loss 0.1234", label.Fit(28));
        Assert.Equal("m2/3 e3/10 loss 0.1234", label.Fit(22));
        Assert.Equal("m2/3 e3/10 loss 0.123", label.Fit(21));
        Assert.Equal("m2/3 e3/10 loss 0.123", label.Fit(5));
    }

    private static TestConsole Terminal(int width)
    {
        var console = new TestConsole().Width(width).Interactive().SupportsAnsi(true);
        console.Profile.Height = 30;
        return console;
    }

    private static EpochStats Stats(int member, int epoch, string phase, double loss, double val, double density) =>
        new(member, epoch, phase, 0.1, loss, val, loss, val, density, (epoch + 1) * 100, epoch + 1.0);

    /// <summary>
    /// The last frame the console received while <paramref name="action"/> ran (the observer redraws at once): from the
    /// last row of the matrix bar on. Spectre's refresh thread may have drawn the previous state earlier in the same slice.
    /// </summary>
    private static string Frame(TestConsole console, Action action)
    {
        var before = console.Output.Length;
        action();
        var slice = console.Output[before..];
        var start = slice.LastIndexOf("ci ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no matrix bar in:\n{slice}");
        return slice[start..];
    }

    /// <summary>The row of a bar whose label holds <paramref name="text"/>: label, bar, percentage and both times on one line.</summary>
    private static string BarRow(string frame, string text)
    {
        var row = Lines(frame).LastOrDefault(l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(row is not null, $"no line with '{text}' in:\n{frame}");
        Assert.Matches(BarTail(), row);
        return row;
    }

    private static string[] Lines(string output) => output.ReplaceLineEndings("\n").Split('\n');

    [GeneratedRegex(@"\d+% (\d\d:){2}\d\d (\d\d:\d\d:\d\d|--:--:--)\s*$")]
    private static partial Regex BarTail();
}
