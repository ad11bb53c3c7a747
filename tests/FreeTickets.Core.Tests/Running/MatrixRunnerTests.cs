using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Running;

[Collection(SmokeMatrixCollection.Name)]
[Trait(TestCategories.Category, TestCategories.Slow)]
public sealed class MatrixRunnerTests(SmokeMatrixFixture smoke)
{
    private List<RunRow> Runs(string dir) => ResultTables.ReadCsv<RunRow>(Path.Combine(dir, "runs.csv"));

    private RunRow Run(string method) => Runs(smoke.DirA).Single(r => r.Method == method);

    [Fact]
    public void Should_finish_every_cell_ok_When_running_the_smoke_matrix()
    {
        Assert.Equal(4, smoke.First.Total);
        Assert.Equal(4, smoke.First.Ran);
        Assert.Equal(0, smoke.First.Skipped);
        Assert.Equal(0, smoke.First.Failed);
        Assert.Equal(0, smoke.First.Diverged);
        var runs = Runs(smoke.DirA);
        Assert.Equal(4, runs.Count);
        Assert.All(runs, r => Assert.Equal(CellStatus.Ok, r.Status));
        Assert.Equal(MethodNames.All.Order(StringComparer.Ordinal), runs.Select(r => r.Method).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_write_the_four_tables_When_the_run_finishes()
    {
        foreach (var file in ResultTables.FileNames)
        {
            Assert.True(File.Exists(Path.Combine(smoke.DirA, file)), file);
        }
    }

    [Theory]
    [InlineData(MethodNames.EdstEnsemble)]
    [InlineData(MethodNames.DstEnsemble)]
    [InlineData(MethodNames.DenseEnsemble)]
    public void Should_write_exactly_M_members_When_the_method_is_an_ensemble(string method)
    {
        var members = ResultTables.ReadCsv<MemberRow>(Path.Combine(smoke.DirA, "members.csv")).Where(m => m.Method == method).ToList();

        Assert.Equal(smoke.Members, members.Count);
        Assert.Equal(Enumerable.Range(0, smoke.Members), members.Select(m => m.Member));
        Assert.Equal(smoke.Members, Run(method).Members);
    }

    [Fact]
    public void Should_take_each_edst_ticket_from_its_phases_best_validation_epoch_When_refining()
    {
        var e = smoke.Matrix.SettingsByMethod[MethodNames.EdstEnsemble].Ensemble;
        Assert.True(smoke.Matrix.SettingsByMethod[MethodNames.EdstEnsemble].Training.SelectBest);
        var tickets = ResultTables.ReadCsv<MemberRow>(Path.Combine(smoke.DirA, "members.csv")).Where(m => m.Method == MethodNames.EdstEnsemble).ToList();
        var curves = ResultTables.ReadCsv<CurveRow>(Path.Combine(smoke.DirA, "curves.csv")).Where(c => c.Method == MethodNames.EdstEnsemble).ToList();

        // Ticket k comes from phase k's epochs only, and from the first of them with the highest validation accuracy
        // (exploration epochs never count, even when one of them validated better).
        var expected = Enumerable.Range(0, e.Members).Select(k =>
        {
            var phase = curves.Where(c => c.Epoch >= e.ExploreEpochs + (k * e.RefineEpochs) && c.Epoch < e.ExploreEpochs + ((k + 1) * e.RefineEpochs)).ToList();
            Assert.Equal(e.RefineEpochs, phase.Count);
            return phase.First(c => c.ValidationAccuracy == phase.Max(p => p.ValidationAccuracy)).Epoch;
        });
        Assert.Equal(expected, tickets.Select(t => t.SelectedEpoch));
        Assert.Equal(e.ExploreEpochs + (e.Members * e.RefineEpochs), Run(MethodNames.EdstEnsemble).TrainingEpochs);
    }

    [Theory]
    [InlineData(MethodNames.Dense)]
    [InlineData(MethodNames.DenseEnsemble)]
    [InlineData(MethodNames.DstEnsemble)]
    public void Should_report_each_members_best_validation_epoch_When_training_independent_runs(string method)
    {
        var members = ResultTables.ReadCsv<MemberRow>(Path.Combine(smoke.DirA, "members.csv")).Where(m => m.Method == method).ToList();
        var curves = ResultTables.ReadCsv<CurveRow>(Path.Combine(smoke.DirA, "curves.csv")).Where(c => c.Method == method).ToList();

        Assert.All(members, m =>
        {
            var run = curves.Where(c => c.Run == m.Member).ToList();
            Assert.Equal(run.First(c => c.ValidationAccuracy == run.Max(r => r.ValidationAccuracy)).Epoch, m.SelectedEpoch);
        });
    }

    [Theory]
    [InlineData(MethodNames.DenseEnsemble)]
    [InlineData(MethodNames.DstEnsemble)]
    public void Should_train_member_0_with_the_cell_seed_and_the_others_with_distinct_derived_seeds(string method)
    {
        var members = ResultTables.ReadCsv<MemberRow>(Path.Combine(smoke.DirA, "members.csv")).Where(m => m.Method == method).ToList();

        Assert.Equal(members[0].Seed, members[0].MemberSeed);
        Assert.Equal(members.Count, members.Select(m => m.MemberSeed).Distinct().Count());
        Assert.All(members.Skip(1), m => Assert.NotInRange(m.MemberSeed, m.Seed - 100, m.Seed + 100));
    }

    [Fact]
    public void Should_write_one_member_When_the_method_is_dense()
    {
        var members = ResultTables.ReadCsv<MemberRow>(Path.Combine(smoke.DirA, "members.csv")).Where(m => m.Method == MethodNames.Dense).ToList();
        Assert.Single(members);
        Assert.Equal(1, Run(MethodNames.Dense).Members);
    }

    [Fact]
    public void Should_have_one_leaderboard_row_per_method_and_sparsity_When_one_seed()
    {
        var rows = ResultTables.ReadCsv<LeaderboardRow>(Path.Combine(smoke.DirA, "leaderboard.csv"));

        var expected = smoke.Matrix.Methods
            .SelectMany(m => MethodNames.IsSparse(m) ? smoke.Matrix.Sparsities.Select(s => (m, s)) : [(m, 0.0)])
            .ToList();
        Assert.Equal(expected, rows.Select(r => (r.Method, r.Sparsity)));
        Assert.All(rows, r => Assert.Equal(smoke.Matrix.Seeds.Count, r.Seeds));
        Assert.All(rows, r => Assert.Equal(r.Seeds, r.Ok));
    }

    [Fact]
    public void Should_report_NaN_diversity_When_the_method_is_dense()
    {
        var dense = Run(MethodNames.Dense);
        Assert.True(double.IsNaN(dense.Disagreement));
        Assert.True(double.IsNaN(dense.PairwiseKl));
    }

    [Theory]
    [InlineData(MethodNames.DenseEnsemble)]
    [InlineData(MethodNames.DstEnsemble)]
    [InlineData(MethodNames.EdstEnsemble)]
    public void Should_report_finite_diversity_When_the_method_is_an_ensemble(string method)
    {
        var run = Run(method);
        Assert.True(double.IsFinite(run.Disagreement) && run.Disagreement is >= 0 and <= 1, $"disagreement {run.Disagreement}");
        Assert.True(double.IsFinite(run.PairwiseKl) && run.PairwiseKl >= 0, $"KL {run.PairwiseKl}");
    }

    [Fact]
    public void Should_cost_1_M_and_less_than_1_dense_trainings_When_dense_dense_ensemble_and_edst()
    {
        Assert.Equal(1.0, Run(MethodNames.Dense).TrainFlopsRelDense, 12);
        Assert.Equal(smoke.Members, Run(MethodNames.DenseEnsemble).TrainFlopsRelDense, 12);
        var edst = Run(MethodNames.EdstEnsemble).TrainFlopsRelDense;
        Assert.True(edst is > 0 and < 1, $"edst train_flops_rel_dense {edst}");
    }

    [Fact]
    public void Should_reach_the_target_density_When_the_method_is_sparse()
    {
        var sparsity = smoke.Matrix.Sparsities[0];
        foreach (var method in new[] { MethodNames.DstEnsemble, MethodNames.EdstEnsemble })
        {
            Assert.Equal(1 - sparsity, Run(method).Density, 2);
        }

        Assert.Equal(1.0, Run(MethodNames.Dense).Density);
    }

    [Fact]
    public void Should_train_no_cell_and_keep_every_table_When_resuming_a_finished_run()
    {
        Assert.Equal(0, smoke.Resumed.Ran);
        Assert.Equal(4, smoke.Resumed.Skipped);
        foreach (var (file, bytes) in smoke.SnapshotA)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(smoke.DirA, file))), $"{file} changed on resume");
        }

        foreach (var (file, bytes) in smoke.CellFilesA)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(smoke.DirA, "cells", file))), $"cells/{file} changed on resume");
        }
    }

    [Fact]
    public void Should_produce_bit_identical_metrics_When_running_twice_into_two_folders()
    {
        Assert.Equal(4, smoke.Second.Ran);
        var a = Path.Combine(smoke.DirA, "runs.csv");
        var header = ResultCsv.ReadWithoutVolatile(a)[0];
        Assert.Contains("wall_seconds", header);
        Assert.Contains("peak_rss_mb", header);
        ResultCsv.AssertEqualExceptVolatile(a, Path.Combine(smoke.DirB, "runs.csv"));
    }

    [Fact]
    public void Should_produce_identical_members_and_curves_metrics_When_running_twice()
    {
        var a = ResultTables.ReadCsv<MemberRow>(Path.Combine(smoke.DirA, "members.csv"));
        var b = ResultTables.ReadCsv<MemberRow>(Path.Combine(smoke.DirB, "members.csv"));
        Assert.Equal(a, b);

        var curvesA = ResultTables.ReadCsv<CurveRow>(Path.Combine(smoke.DirA, "curves.csv")).Select(c => c with { WallSeconds = 0 });
        var curvesB = ResultTables.ReadCsv<CurveRow>(Path.Combine(smoke.DirB, "curves.csv")).Select(c => c with { WallSeconds = 0 });
        Assert.Equal(curvesA, curvesB);
    }

    [Fact]
    public void Should_parse_every_cell_record_When_reading_cells_folder()
    {
        var files = Directory.GetFiles(Path.Combine(smoke.DirA, "cells"), "*.json");
        Assert.Equal(4, files.Length);
        var ids = smoke.Matrix.Cells().Select(c => c.Id).ToHashSet();
        foreach (var file in files)
        {
            var record = CellStore.Read(file);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), record.Run.CellId);
            Assert.Contains(record.Run.CellId, ids);
            Assert.Equal(record.Run.Members, record.Members.Count);
            Assert.NotEmpty(record.Curves);
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(smoke.DirA, "cells"), "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Should_carry_provenance_and_the_cell_config_hash_When_writing_rows()
    {
        var hashes = smoke.Matrix.Cells().ToDictionary(c => c.Id, c => c.ConfigHash);
        foreach (var run in Runs(smoke.DirA))
        {
            Assert.Equal(hashes[run.CellId], run.ConfigHash);
            Assert.Equal("test", run.ToolVersion);
            Assert.Equal("cpu", run.Device);
            Assert.Equal(1, run.Threads);
            Assert.False(string.IsNullOrEmpty(run.LibTorchVersion));
        }
    }

    [Fact]
    public void Should_agree_with_the_flops_table_When_comparing_costs_of_trained_cells()
    {
        var table = FlopsTable.Compute(smoke.Matrix, smoke.Catalog);
        foreach (var run in Runs(smoke.DirA))
        {
            var row = table.Single(r => r.Method == run.Method && r.Sparsity == run.Sparsity);
            Assert.Equal(row.Epochs, run.TrainingEpochs);
            Assert.True(Math.Abs(row.TrainFlops - run.TrainFlops) <= 1e-9 * row.TrainFlops, $"{run.Method}: train {row.TrainFlops} vs {run.TrainFlops}");
            Assert.True(Math.Abs(row.TrainRelDense - run.TrainFlopsRelDense) <= 1e-9, $"{run.Method}: rel {row.TrainRelDense} vs {run.TrainFlopsRelDense}");
            Assert.True(Math.Abs(row.InferenceFlops - run.InferenceFlops) <= 1e-9 * row.InferenceFlops, $"{run.Method}: inference {row.InferenceFlops} vs {run.InferenceFlops}");
            Assert.Equal(row.Params, run.Params);
        }
    }
}
