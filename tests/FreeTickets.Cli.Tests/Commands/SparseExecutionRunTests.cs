using FreeTickets.Core.Results;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Cli.Tests.Commands;

/// <summary>
/// <c>run --execution sparse</c> end to end: the sparse methods train on the sparse kernels, agree with the committed masked
/// results within check's tolerances, record how each layer computed, and fill the measured-time columns.
/// </summary>
public sealed class SparseExecutionRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-sparse-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_agree_with_the_masked_results_and_say_which_layers_ran_sparse_When_running_with_sparse_execution()
    {
        var outDir = Path.Combine(_root, "out");
        var run = await CliHarness.RunAsync([
            "run", "--config", CliHarness.RepoConfig, "--matrix", "smoke", "--out", outDir, "--threads", "1", "--device", "cpu", "--quiet",
            "--execution", "sparse", .. CliHarness.PluginArgs]);
        Assert.True(run.ExitCode == 0, run.ToString());

        var check = await CliHarness.RunAsync([
            "check", "--config", CliHarness.RepoConfig, "--matrix", "smoke", "--fresh", outDir,
            "--against", Path.Combine(RepoPaths.Root, "results", "smoke")]);
        Assert.True(check.ExitCode == 0, check.ToString());

        var rows = ResultTables.ReadCsv<RunRow>(Path.Combine(outDir, "runs.csv"));
        Assert.Equal(4, rows.Count);
        foreach (var row in rows)
        {
            var sparse = row.Method is "dst-ensemble" or "edst-ensemble";
            Assert.Equal(sparse ? "sparse" : "dense", row.Execution);
            Assert.True(row.TrainSeconds > 0, $"{row.CellId}: train_seconds {row.TrainSeconds}");
            Assert.True(row.InferMsB128 > 0 && row.InferMsB1 > 0, $"{row.CellId}: inference {row.InferMsB128} / {row.InferMsB1} ms");
            Assert.True(double.IsFinite(row.TrainTimeRelDense), $"{row.CellId}: train_time_rel_dense {row.TrainTimeRelDense}");
        }

        // smoke is mlp-300-100 at S = 0.8 under ERK: every layer at most MaxDensity dense runs sparse (fc1 at least), the
        // others say why not (fc3 is dense).
        foreach (var record in new CellStore(outDir).All().Where(r => r.Run.Method is "dst-ensemble" or "edst-ensemble"))
        {
            foreach (var layer in record.Diagnostics!.Layers)
            {
                if (layer.Density <= Core.Sparsity.Execution.SparseExecution.MaxDensity)
                {
                    Assert.Equal("sparse", layer.Execution);
                }
                else
                {
                    Assert.StartsWith("masked: density", layer.Execution);
                }
            }

            Assert.Equal("sparse", record.Diagnostics.Layers.Single(l => l.Name == "fc1.weight").Execution);
            Assert.StartsWith("masked", record.Diagnostics.Layers.Single(l => l.Name == "fc3.weight").Execution);
        }
    }
}
