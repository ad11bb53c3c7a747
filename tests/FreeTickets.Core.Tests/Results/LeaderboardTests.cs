using FreeTickets.Core.Results;

namespace FreeTickets.Core.Tests.Results;

public sealed class LeaderboardTests
{
    [Fact]
    public void Should_use_the_sample_standard_deviation_When_aggregating_seeds()
    {
        var (mean, std) = Leaderboard.MeanStd([1, 2, 3, 4]);

        Assert.Equal(2.5, mean);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), std, 14); // n - 1 in the denominator, not n
    }

    [Fact]
    public void Should_give_zero_std_When_one_value()
    {
        Assert.Equal((0.7, 0.0), Leaderboard.MeanStd([0.7]));
    }

    [Fact]
    public void Should_give_NaN_When_no_value()
    {
        var (mean, std) = Leaderboard.MeanStd([]);
        Assert.True(double.IsNaN(mean));
        Assert.True(double.IsNaN(std));
    }

    [Fact]
    public void Should_give_NaN_std_When_the_values_are_NaN()
    {
        var (mean, std) = Leaderboard.MeanStd([double.NaN, double.NaN]);
        Assert.True(double.IsNaN(mean));
        Assert.True(double.IsNaN(std));
    }

    [Fact]
    public void Should_aggregate_only_ok_cells_and_count_statuses_When_a_seed_diverged()
    {
        RunRow Run(long seed, CellStatus status, double accuracy) => new()
        {
            Method = "dense",
            Architecture = "mlp-300-100",
            Dataset = "synthetic",
            Seed = seed,
            Status = status,
            Accuracy = accuracy,
            ConfigHash = $"h{seed}",
            Members = 1,
        };

        var row = Assert.Single(Leaderboard.Build([Run(1, CellStatus.Ok, 0.8), Run(2, CellStatus.Ok, 0.9), Run(3, CellStatus.Diverged, double.NaN)]));

        Assert.Equal(3, row.Seeds);
        Assert.Equal(2, row.Ok);
        Assert.Equal(1, row.Diverged);
        Assert.Equal(0.85, row.AccuracyMean, 14);
        Assert.Equal(Math.Sqrt(0.005), row.AccuracyStd, 14);
    }

    [Fact]
    public void Should_order_rows_by_method_order_then_sparsity_When_building()
    {
        RunRow Run(string method, double sparsity) => new()
        {
            Method = method,
            Architecture = "a",
            Dataset = "d",
            Sparsity = sparsity,
            Seed = 1,
            Status = CellStatus.Ok,
            Accuracy = 0.5,
        };

        var rows = Leaderboard.Build([Run("edst-ensemble", 0.9), Run("dense", 0), Run("edst-ensemble", 0.8), Run("dst-ensemble", 0.8), Run("dense-ensemble", 0)]);

        Assert.Equal(
            [("dense", 0.0), ("dense-ensemble", 0.0), ("dst-ensemble", 0.8), ("edst-ensemble", 0.8), ("edst-ensemble", 0.9)],
            rows.Select(r => (r.Method, r.Sparsity)));
    }

    private static RunRow Timed(string method, long seed, string execution, double trainSeconds, double inferMs = double.NaN) => new()
    {
        Method = method,
        Architecture = "a",
        Dataset = "d",
        Sparsity = method.StartsWith("dense", StringComparison.Ordinal) ? 0 : 0.8,
        Execution = execution,
        Seed = seed,
        Status = CellStatus.Ok,
        Accuracy = 0.5,
        TrainSeconds = trainSeconds,
        InferMsB128 = inferMs,
        InferMsB1 = inferMs / 100,
    };

    [Fact]
    public void Should_keep_masked_and_sparse_cells_in_separate_rows_When_they_are_otherwise_alike()
    {
        var rows = Leaderboard.Build(
        [
            Timed("dst-ensemble", 1, "sparse", 2), Timed("dst-ensemble", 1, "masked", 6), Timed("dst-ensemble", 2, "masked", 8), Timed("dense", 1, "dense", 4),
        ]);

        Assert.Equal([("dense", "dense", 1), ("dst-ensemble", "masked", 2), ("dst-ensemble", "sparse", 1)], rows.Select(r => (r.Method, r.Execution, r.Seeds)));
        Assert.Equal([4.0, 7.0, 2.0], rows.Select(r => r.TrainSecondsMean));
    }

    [Fact]
    public void Should_read_a_run_without_execution_as_masked_When_grouping_it_with_masked_runs()
    {
        var old = Timed("dst-ensemble", 1, "", 6);

        var row = Assert.Single(Leaderboard.Build([old, Timed("dst-ensemble", 2, "masked", 8)]));

        Assert.Equal("masked", old.Execution);
        Assert.Equal(("masked", 2), (row.Execution, row.Seeds));
    }

    [Fact]
    public void Should_divide_the_mean_training_time_by_the_dense_rows_When_building_train_time_rel_dense()
    {
        var rows = Leaderboard.Build(
        [
            Timed("dense", 1, "dense", 4), Timed("dense", 2, "dense", 6),
            Timed("dst-ensemble", 1, "masked", 9, inferMs: 3), Timed("dst-ensemble", 2, "masked", 11, inferMs: 5),
            Timed("dst-ensemble", 1, "sparse", 4, inferMs: 1),
        ]);

        Assert.Equal([1.0, 2.0, 0.8], rows.Select(r => r.TrainTimeRelDense));
        Assert.Equal(4.0, rows[1].InferMsB128Mean);
        Assert.Equal(0.04, rows[1].InferMsB1Mean, 14);
    }

    [Fact]
    public void Should_leave_train_time_rel_dense_NaN_When_there_is_no_dense_row_or_no_time()
    {
        var withoutDense = Leaderboard.Build([Timed("dst-ensemble", 1, "masked", 9), Timed("dense-ensemble", 1, "dense", 12)]);
        var untimedDense = Leaderboard.Build([Timed("dense", 1, "dense", double.NaN), Timed("dst-ensemble", 1, "masked", 9)]);
        var otherDataset = Leaderboard.Build([Timed("dense", 1, "dense", 4) with { Dataset = "other" }, Timed("dst-ensemble", 1, "masked", 9)]);

        Assert.All(withoutDense, r => Assert.True(double.IsNaN(r.TrainTimeRelDense)));
        Assert.All(untimedDense, r => Assert.True(double.IsNaN(r.TrainTimeRelDense)));
        Assert.True(double.IsNaN(otherDataset.Single(r => r.Method == "dst-ensemble").TrainTimeRelDense));
        Assert.Equal(9, withoutDense.Single(r => r.Method == "dst-ensemble").TrainSecondsMean);
    }
}
