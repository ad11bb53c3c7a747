using FreeTickets.Abstractions;
using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Tests.Config;
using FreeTickets.Core.Tests.Robustness;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Running;

/// <summary>Robustness sets end to end on the synthetic dataset: OoD AUROC and corruption columns, robustness.csv, bad input.</summary>
public sealed class RobustnessRunTests : IDisposable
{
    private static readonly PluginCatalog _catalog = NoiseDataset.With(PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]));
    private static readonly Provenance _provenance = new("test", TorchRuntime.TorchSharpVersion, TorchRuntime.LibTorchVersion, "cpu", TorchRuntime.Threads);
    private readonly string _dir = Directory.CreateTempSubdirectory("freetickets-robustness-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Json(string evaluation, string datasets = "\"synthetic\"", string methods = "\"dense\", \"dst-ensemble\"") => $$"""
        {
          "matrices": {
            "r": {
              "datasets": [{{datasets}}], "architectures": ["mlp-300-100"], "methods": [{{methods}}],
              "sparsities": [0.8], "seeds": [1],
              "training": { "epochs": 2 },
              "sparse": { "updateInterval": 5 },
              "ensemble": { "members": 2 },
              "evaluation": {{evaluation}}
            }
          }
        }
        """;

    private RunSummary Run(string json, PluginCatalog? catalog = null)
    {
        using var config = new TempConfig(json);
        var matrix = BenchmarkConfigLoader.Load(config.Path).Matrix("r");
        return new MatrixRunner(catalog ?? _catalog, _provenance, NullRunObserver.Instance).Run(matrix, new RunOptions(_dir, "cpu"), CancellationToken.None);
    }

    [Fact]
    public void Should_load_only_the_test_split_of_an_ood_dataset_When_running()
    {
        var noise = new NoiseDataset();

        Run(Json($"{{ \"ood\": [\"{NoiseDataset.Key}\"] }}", methods: "\"dense\""), NoiseDataset.With(PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]), noise));

        Assert.Equal([DatasetSplitKind.Test], noise.Loads);
    }

    [Fact]
    public void Should_fill_the_robustness_columns_and_table_When_ood_and_corruptions_are_configured()
    {
        Run(Json($"{{ \"batchSize\": 100, \"ood\": [\"{NoiseDataset.Key}\"], \"corruptions\": [\"gaussian-noise\", \"rotation\"], \"severities\": [1, 5] }}"));

        var runs = ResultTables.ReadCsv<RunRow>(Path.Combine(_dir, "runs.csv"));
        var rows = ResultTables.ReadCsv<RobustnessRow>(Path.Combine(_dir, "robustness.csv"));
        var board = ResultTables.ReadCsv<LeaderboardRow>(Path.Combine(_dir, "leaderboard.csv"));
        Assert.Equal(2, runs.Count);
        Assert.Equal(2 * 5, rows.Count);
        foreach (var run in runs)
        {
            var mine = rows.Where(r => r.CellId == run.CellId).ToList();
            Assert.Equal(
                [("ood", NoiseDataset.Key, 0), ("corruption", "gaussian-noise", 1), ("corruption", "gaussian-noise", 5), ("corruption", "rotation", 1), ("corruption", "rotation", 5)],
                mine.Select(r => (r.Kind, r.Name, r.Severity)));
            Assert.Equal(NoiseDataset.Key, run.OodDataset);
            Assert.InRange(run.OodAuroc, 0, 1);
            Assert.Equal(mine[0].Auroc, run.OodAuroc);
            Assert.True(double.IsNaN(mine[0].Accuracy));
            var corrupted = mine.Skip(1).ToList();
            Assert.Equal(corrupted.Average(r => r.Accuracy), run.CorruptionAccuracy, 12);
            Assert.Equal(corrupted.Average(r => r.Nll), run.CorruptionNll, 12);
            Assert.Equal(corrupted.Average(r => r.Ece), run.CorruptionEce, 12);
            Assert.All(corrupted, r => Assert.True(double.IsNaN(r.Auroc)));

            // Severity 5 hurts more than severity 1, and the clean test set is the easiest.
            Assert.True(corrupted[1].Accuracy < corrupted[0].Accuracy, $"{run.CellId}: noise 5 {corrupted[1].Accuracy} vs 1 {corrupted[0].Accuracy}");
            Assert.True(corrupted[3].Accuracy < corrupted[2].Accuracy, $"{run.CellId}: rotation 5 {corrupted[3].Accuracy} vs 1 {corrupted[2].Accuracy}");
            Assert.True(run.CorruptionAccuracy < run.Accuracy);
        }

        Assert.All(board, b => Assert.Equal(NoiseDataset.Key, b.OodDataset));
        Assert.Equal(runs.Single(r => r.Method == "dense").OodAuroc, board.Single(b => b.Method == "dense").OodAurocMean);
    }

    [Fact]
    public void Should_leave_the_robustness_columns_empty_When_nothing_is_configured()
    {
        Run(Json("{ \"batchSize\": 512 }", methods: "\"dense\""));

        var run = Assert.Single(ResultTables.ReadCsv<RunRow>(Path.Combine(_dir, "runs.csv")));
        Assert.Equal("", run.OodDataset);
        Assert.True(double.IsNaN(run.OodAuroc) && double.IsNaN(run.CorruptionAccuracy) && double.IsNaN(run.CorruptionNll) && double.IsNaN(run.CorruptionEce));
        Assert.Single(File.ReadAllLines(Path.Combine(_dir, "robustness.csv")));
    }

    [Fact]
    public void Should_name_both_datasets_before_training_When_the_ood_shape_differs()
    {
        var ex = Assert.Throws<BadInputException>(() => Run(Json("{ \"ood\": [\"mnist\"] }")));

        Assert.Contains("matrices.r.evaluation.ood", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'mnist' has inputs 1x28x28", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'synthetic' has 1x8x8", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "cells")));
    }

    [Fact]
    public void Should_fail_before_training_When_corruptions_are_asked_of_a_dataset_without_normalisation()
    {
        var ex = Assert.Throws<BadInputException>(() => Run(Json("{ \"corruptions\": [\"contrast\"] }", datasets: $"\"{NoiseDataset.Key}\"")));

        Assert.Contains("matrices.r.evaluation.corruptions", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{NoiseDataset.Key}' does not declare its pixel normalisation", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_field_When_an_ood_dataset_is_unknown()
    {
        var ex = Assert.Throws<BadInputException>(() => Run(Json("{ \"ood\": [\"no-such-set\"] }")));

        Assert.Contains("matrices.r.evaluation.ood", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-set", ex.Message, StringComparison.Ordinal);
    }
}
