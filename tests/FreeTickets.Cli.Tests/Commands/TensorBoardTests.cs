using System.Globalization;
using FreeTickets.Core.Results;

namespace FreeTickets.Cli.Tests.Commands;

/// <summary><c>run --tensorboard DIR</c>: the event files, read back with TorchSharp's TensorBoard protocol types, hold curves.csv.</summary>
public sealed class TensorBoardTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-tensorboard-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Out => Path.Combine(_root, "out");

    private string Logs => Path.Combine(_root, "logs");

    [Fact]
    public async Task Should_write_the_curves_topology_updates_and_final_metrics_as_scalars_When_running_with_tensorboard()
    {
        var result = await CliHarness.RunAsync([
            "run", "--config", CliHarness.RepoConfig, "--matrix", "smoke", "--out", Out, "--threads", "1", "--device", "cpu", "--quiet",
            "--tensorboard", Logs, .. CliHarness.PluginArgs]);
        Assert.True(result.ExitCode == 0, result.ToString());

        var curves = ResultTables.ReadCsv<CurveRow>(Path.Combine(Out, "curves.csv"));
        Assert.NotEmpty(curves);
        foreach (var group in curves.GroupBy(c => (c.CellId, c.Run)))
        {
            var scalars = Scalars(Path.Combine(Logs, group.Key.CellId, $"run-{group.Key.Run}"));
            foreach (var row in group)
            {
                Assert.Equal((float)row.TrainLoss, Assert.Single(scalars[("train/loss", row.Epoch)]));
                Assert.Equal((float)row.TrainAccuracy, Assert.Single(scalars[("train/accuracy", row.Epoch)]));
                Assert.Equal((float)row.ValidationLoss, Assert.Single(scalars[("validation/loss", row.Epoch)]));
                Assert.Equal((float)row.ValidationAccuracy, Assert.Single(scalars[("validation/accuracy", row.Epoch)]));
                Assert.Equal((float)row.LearningRate, Assert.Single(scalars[("learning_rate", row.Epoch)]));
                Assert.Equal((float)row.Density, Assert.Single(scalars[("density", row.Epoch)]));
            }

            var sparse = group.First().Method is "dst-ensemble" or "edst-ensemble";
            Assert.Equal(sparse, scalars.Keys.Any(k => k.Tag == "topology/weights_moved"));
            Assert.Equal(sparse, scalars.Keys.Any(k => k.Tag == "topology/drop_fraction"));
            Assert.Equal(group.Count() * 6, scalars.Keys.Count(k => !k.Tag.StartsWith("topology/", StringComparison.Ordinal)));
        }

        foreach (var run in ResultTables.ReadCsv<RunRow>(Path.Combine(Out, "runs.csv")))
        {
            var scalars = Scalars(Path.Combine(Logs, run.CellId, "ensemble"));
            Assert.Equal((float)run.Accuracy, Assert.Single(scalars[("test/accuracy", 0)]));
            Assert.Equal((float)run.Nll, Assert.Single(scalars[("test/nll", 0)]));
        }

        var edst = curves.First(c => c.Method == "edst-ensemble").CellId;
        var phases = Events(Path.Combine(Logs, edst, "run-0")).SelectMany(e => e.Summary?.Value ?? []).Where(v => v.Tag.StartsWith("phase", StringComparison.Ordinal)).ToList();
        Assert.True(phases.Count >= 2, $"{phases.Count} phase text(s) in the EDST run");
    }

    [Fact]
    public async Task Should_write_no_event_file_When_running_without_tensorboard()
    {
        var result = await CliHarness.RunAsync([
            "run", "--config", CliHarness.RepoConfig, "--matrix", "smoke", "--out", Out, "--threads", "1", "--device", "cpu", "--quiet", .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(Directory.GetFiles(_root, "events.out.tfevents.*", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(Out, ModelExport.FolderName)));
    }

    /// <summary>
    /// Every scalar of a run folder by (tag, step). Epoch scalars come once per step; topology scalars may come twice
    /// (EDST's exploration update at a phase's end can fall on a regular update's step).
    /// </summary>
    private static Dictionary<(string Tag, long Step), List<float>> Scalars(string folder)
    {
        var scalars = new Dictionary<(string, long), List<float>>();
        foreach (var e in Events(folder))
        {
            foreach (var value in e.Summary?.Value ?? [])
            {
                if (value.ValueCase == Tensorboard.Summary.Types.Value.ValueOneofCase.SimpleValue)
                {
                    if (!scalars.TryGetValue((value.Tag, e.Step), out var values))
                    {
                        scalars[(value.Tag, e.Step)] = values = [];
                    }

                    values.Add(value.SimpleValue);
                }
            }
        }

        return scalars;
    }

    /// <summary>The events of every event file in a folder: TFRecord framing (length, its CRC, the Event proto, its CRC).</summary>
    private static List<Tensorboard.Event> Events(string folder)
    {
        var files = Directory.GetFiles(folder, "events.out.tfevents.*");
        Assert.True(files.Length > 0, $"no event file in {folder}");
        var events = new List<Tensorboard.Event>();
        foreach (var file in files)
        {
            using var reader = new BinaryReader(File.OpenRead(file));
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                var length = reader.ReadUInt64();
                reader.ReadUInt32();
                events.Add(Tensorboard.Event.Parser.ParseFrom(reader.ReadBytes(checked((int)length))));
                reader.ReadUInt32();
            }
        }

        Assert.Contains(events, e => e.FileVersion.StartsWith("brain.Event", StringComparison.Ordinal));
        return events;
    }
}
