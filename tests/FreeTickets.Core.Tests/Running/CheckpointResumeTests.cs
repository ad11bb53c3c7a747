using FreeTickets.Core.Config;
using FreeTickets.Core.Methods;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Tests.Config;
using FreeTickets.Core.Training;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Running;

/// <summary>
/// Mid-cell checkpoints: a matrix stopped after every k-th epoch and resumed each time ends with the same tables, bit for
/// bit, as one uninterrupted run (wall times aside). selectBest is on so best-validation weights travel too, and EDST's
/// global exploration right after a resume needs the saved gradients.
/// </summary>
[Trait(TestCategories.Category, TestCategories.Slow)]
public sealed class CheckpointResumeTests(CheckpointResumeTests.Reference reference) : IClassFixture<CheckpointResumeTests.Reference>, IDisposable
{
    private const string Json = """
        {
          "matrices": {
            "resume": {
              "datasets": ["synthetic"],
              "architectures": ["mlp-300-100"],
              "methods": ["dense", "dense-ensemble", "dst-ensemble", "edst-ensemble"],
              "sparsities": [0.8],
              "seeds": [1],
              "training": { "epochs": 3, "selectBest": true },
              "sparse": { "updateInterval": 5 },
              "ensemble": { "members": 2, "exploreEpochs": 1, "refineEpochs": 2 },
              "evaluation": { "batchSize": 512 }
            },
            "resume-momentum": {
              "datasets": ["synthetic"],
              "architectures": ["mlp-300-100"],
              "methods": ["dst-ensemble", "edst-ensemble"],
              "sparsities": [0.8],
              "seeds": [1],
              "training": { "epochs": 3, "selectBest": true },
              "sparse": { "updateInterval": 5, "regrow": "momentum" },
              "ensemble": { "members": 2, "exploreEpochs": 1, "refineEpochs": 2 },
              "evaluation": { "batchSize": 512 },
              "overrides": { "edst-ensemble": { "sparse": { "regrow": "gradient-momentum" } } }
            },
            "resume-robust": {
              "datasets": ["synthetic"],
              "architectures": ["mlp-300-100"],
              "methods": ["dst-ensemble", "edst-ensemble"],
              "sparsities": [0.8],
              "seeds": [1],
              "training": { "epochs": 3 },
              "sparse": { "updateInterval": 5 },
              "ensemble": { "members": 2, "exploreEpochs": 1, "refineEpochs": 2 },
              "evaluation": {
                "batchSize": 512, "ood": ["noise-8x8"], "corruptions": ["gaussian-noise", "gaussian-blur", "rotation", "contrast"], "severities": [2, 5]
              }
            }
          }
        }
        """;

    private static readonly PluginCatalog _catalog = Robustness.NoiseDataset.With(PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]));
    private static readonly Provenance _provenance = new("test", TorchRuntime.TorchSharpVersion, TorchRuntime.LibTorchVersion, "cpu", TorchRuntime.Threads);
    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-resume-").FullName;
    private readonly MatrixDefinition _matrix = reference.Matrix;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The uninterrupted run every test compares with (trained once per class).</summary>
    public sealed class Reference : IDisposable
    {
        public Reference()
        {
            using var config = new TempConfig(Json);
            var loaded = BenchmarkConfigLoader.Load(config.Path);
            Matrix = loaded.Matrix("resume");
            MomentumMatrix = loaded.Matrix("resume-momentum");
            RobustMatrix = loaded.Matrix("resume-robust");
            new MatrixRunner(_catalog, _provenance, NullRunObserver.Instance).Run(Matrix, new RunOptions(Dir, "cpu"), CancellationToken.None);
            new MatrixRunner(_catalog, _provenance, NullRunObserver.Instance).Run(MomentumMatrix, new RunOptions(MomentumDir, "cpu"), CancellationToken.None);
            new MatrixRunner(_catalog, _provenance, NullRunObserver.Instance).Run(RobustMatrix, new RunOptions(RobustDir, "cpu"), CancellationToken.None);
        }

        public MatrixDefinition Matrix { get; }

        /// <summary>DST with SNFS momentum regrowth and EDST with gradient-momentum: the engine's dense-gradient statistics must travel too.</summary>
        public MatrixDefinition MomentumMatrix { get; }

        /// <summary>OoD and corruption sets on: finished members' probabilities on them travel in the checkpoint.</summary>
        public MatrixDefinition RobustMatrix { get; }

        public string RobustDir { get; } = Directory.CreateTempSubdirectory("freetickets-resume-robust-reference-").FullName;

        public string Dir { get; } = Directory.CreateTempSubdirectory("freetickets-resume-reference-").FullName;

        public string MomentumDir { get; } = Directory.CreateTempSubdirectory("freetickets-resume-momentum-reference-").FullName;

        public void Dispose()
        {
            Directory.Delete(Dir, recursive: true);
            Directory.Delete(MomentumDir, recursive: true);
            Directory.Delete(RobustDir, recursive: true);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Should_end_with_the_tables_of_an_uninterrupted_run_When_stopped_after_every_kth_epoch(int period)
    {
        var resumed = Path.Combine(_root, "resumed");

        var interruptions = RunWithStops(_matrix, resumed, period);

        Assert.True(interruptions >= 20 / period - 1, $"only {interruptions} interruptions");
        AssertSameTables(reference.Dir, resumed);
        Assert.False(Directory.Exists(Path.Combine(resumed, "checkpoints")) && Directory.EnumerateFiles(Path.Combine(resumed, "checkpoints")).Any(),
            "checkpoints of finished cells are deleted");
    }

    [Fact]
    public void Should_end_with_the_tables_of_an_uninterrupted_run_When_momentum_regrowth_is_stopped_after_every_second_epoch()
    {
        var resumed = Path.Combine(_root, "resumed-momentum");

        // DST 2 x 3 epochs + EDST 1 + 2 x 2 epochs = 11 epochs: a stop after every second one resumes 5 times, each time
        // with dense-gradient momentum (and, for EDST, its square average) that the next topology update reads.
        var interruptions = RunWithStops(reference.MomentumMatrix, resumed, 2);

        Assert.True(interruptions >= 5, $"only {interruptions} interruptions");
        AssertSameTables(reference.MomentumDir, resumed);
    }

    [Fact]
    public void Should_end_with_the_robustness_tables_of_an_uninterrupted_run_When_stopped_after_every_second_epoch()
    {
        var resumed = Path.Combine(_root, "resumed-robust");

        var interruptions = RunWithStops(reference.RobustMatrix, resumed, 2);

        Assert.True(interruptions >= 5, $"only {interruptions} interruptions");
        Assert.Equal(2 * 9, File.ReadAllLines(Path.Combine(resumed, "robustness.csv")).Length - 1);
        AssertSameTables(reference.RobustDir, resumed);
    }

    [Fact]
    public void Should_resume_from_the_last_periodic_checkpoint_When_cancelled_mid_epoch()
    {
        var resumed = Path.Combine(_root, "resumed");
        using (var now = new CancellationTokenSource())
        {
            // A hard stop (second Ctrl-C) right after the 4th epoch of the matrix: the next epoch dies in its first step, and the
            // periodic checkpoint written after the 4th epoch is what the next run resumes from.
            var observer = new CancelOnEpoch(4, now);
            Assert.ThrowsAny<OperationCanceledException>(() =>
                new MatrixRunner(_catalog, _provenance, observer).Run(_matrix, new RunOptions(resumed, "cpu"), now.Token));
        }

        var checkpoints = Directory.GetFiles(Path.Combine(resumed, "checkpoints"));
        Assert.Single(checkpoints);
        Run(resumed, new RunOptions(resumed, "cpu"), CancellationToken.None);
        AssertSameTables(reference.Dir, resumed);
    }

    [Fact]
    public void Should_start_the_cell_over_When_its_checkpoint_is_corrupt()
    {
        var resumed = Path.Combine(_root, "resumed");
        using (var stop = new CancellationTokenSource())
        {
            Assert.Throws<RunInterruptedException>(() => Run(resumed, new RunOptions(resumed, "cpu"), stop.Token, new StopAfter(2, stop)));
        }

        var checkpoint = Directory.GetFiles(Path.Combine(resumed, "checkpoints")).Single();
        var bytes = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint, bytes[..(bytes.Length / 2)]);
        var messages = new List<string>();

        new MatrixRunner(_catalog, _provenance, new Messages(messages)).Run(_matrix, new RunOptions(resumed, "cpu"), CancellationToken.None);

        Assert.Contains(messages, m => m.Contains("ignoring checkpoint", StringComparison.Ordinal) && m.Contains("corrupt", StringComparison.Ordinal));
        AssertSameTables(reference.Dir, resumed);
    }

    private void Run(string dir, RunOptions options, CancellationToken stopAfterEpoch, IRunObserver? observer = null, MatrixDefinition? matrix = null) =>
        new MatrixRunner(_catalog, _provenance, observer ?? NullRunObserver.Instance).Run(matrix ?? _matrix, options with { OutputDir = dir }, CancellationToken.None, stopAfterEpoch);

    /// <summary>Runs the matrix to the end, stopping after every <paramref name="period"/>-th epoch; returns the number of stops.</summary>
    private int RunWithStops(MatrixDefinition matrix, string dir, int period)
    {
        var interruptions = 0;
        var messages = new List<string>();
        while (true)
        {
            using var stop = new CancellationTokenSource();
            try
            {
                Run(dir, new RunOptions(dir, "cpu"), stop.Token, new StopAfter(period, stop, messages), matrix);
                return interruptions;
            }
            catch (RunInterruptedException)
            {
                interruptions++;
                Assert.True(interruptions < 40, "the run never finishes: " + string.Join(" | ", messages.TakeLast(4)));
            }
        }
    }

    // Wall-time and memory columns aside (they differ between any two runs).
    private static void AssertSameTables(string expectedDir, string actualDir) => ResultCsv.AssertTablesEqualExceptVolatile(expectedDir, actualDir);

    /// <summary>Requests a stop after every <c>period</c>-th finished epoch (counted within one process).</summary>
    private sealed class StopAfter(int period, CancellationTokenSource stop, List<string>? messages = null) : Messages(messages ?? [])
    {
        private int _epochs;

        public override void OnEpoch(CellSpec cell, EpochStats stats)
        {
            if (++_epochs % period == 0)
            {
                stop.Cancel();
            }
        }
    }

    /// <summary>Cancels hard once the given number of epochs has finished, so the next epoch dies inside a step.</summary>
    private sealed class CancelOnEpoch(int epochs, CancellationTokenSource now) : Messages([])
    {
        private int _epochs;

        public override void OnEpoch(CellSpec cell, EpochStats stats)
        {
            if (++_epochs == epochs)
            {
                now.Cancel();
            }
        }
    }

    private class Messages(List<string> messages) : IRunObserver
    {
        public void OnMatrixStart(MatrixDefinition matrix, IReadOnlyList<CellSpec> cells, IReadOnlyList<CellSpec> toRun)
        {
        }

        public void OnMessage(string message) => messages.Add(message);

        public void OnCellSkipped(CellSpec cell)
        {
        }

        public void OnCellStart(CellSpec cell, int index, int toRun)
        {
        }

        public void OnMember(CellSpec cell, int member, int members)
        {
        }

        public virtual void OnEpoch(CellSpec cell, EpochStats stats)
        {
        }

        public void OnCellEnd(CellSpec cell, RunRow row)
        {
        }
    }
}
