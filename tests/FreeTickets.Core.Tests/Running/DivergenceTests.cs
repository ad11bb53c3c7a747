using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Tests.Config;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Running;

public sealed class DivergenceTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), $"freetickets-diverge-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public void Should_mark_the_cell_diverged_with_its_epoch_and_go_on_When_the_loss_becomes_nan()
    {
        // An absurd learning rate for dense only: its loss overflows in the first epoch; the DST cell trains normally.
        using var config = new TempConfig(TempConfig.Minimal(
            methods: "\"dense\", \"dst-ensemble\"",
            matrixExtra: "\"ensemble\": { \"members\": 1 }, \"overrides\": { \"dense\": { \"training\": { \"learningRate\": 1e30 } } },"));
        var matrix = BenchmarkConfigLoader.Load(config.Path).Matrix("m");
        var provenance = new Provenance("test", TorchRuntime.TorchSharpVersion, TorchRuntime.LibTorchVersion, "cpu", TorchRuntime.Threads);

        var summary = new MatrixRunner(PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]), provenance, NullRunObserver.Instance)
            .Run(matrix, new RunOptions(_out, "cpu"), CancellationToken.None);

        Assert.Equal(1, summary.Diverged);
        var runs = ResultTables.ReadCsv<RunRow>(Path.Combine(_out, "runs.csv"));
        var dense = Assert.Single(runs, r => r.Method == MethodNames.Dense);
        Assert.Equal(CellStatus.Diverged, dense.Status);
        Assert.Contains("epoch", dense.StatusDetail, StringComparison.Ordinal);
        Assert.Equal(CellStatus.Ok, Assert.Single(runs, r => r.Method == MethodNames.DstEnsemble).Status);
        var board = ResultTables.ReadCsv<LeaderboardRow>(Path.Combine(_out, "leaderboard.csv"));
        var denseRow = Assert.Single(board, r => r.Method == MethodNames.Dense);
        Assert.Equal(1, denseRow.Diverged);
        Assert.Equal(0, denseRow.Ok);
        Assert.True(double.IsNaN(denseRow.AccuracyMean), "a diverged cell is counted, never averaged");
    }
}
