using FreeTickets.Core.Results;

namespace FreeTickets.Core.Tests.Results;

public sealed class LeaderboardComparerTests
{
    private static LeaderboardRow Row(string method, double sparsity) => new()
    {
        Method = method,
        Architecture = "mlp-300-100",
        Dataset = "synthetic",
        Sparsity = sparsity,
        Members = 2,
        Seeds = 1,
        Ok = 1,
        AccuracyMean = 0.8125,
        NllMean = 0.5,
        EceMean = 0.03,
        BrierMean = 0.2,
        DisagreementMean = method == "dense" ? double.NaN : 0.1,
        PairwiseKlMean = method == "dense" ? double.NaN : 0.05,
        TrainFlops = 1e12,
        InferenceFlops = 1e6,
        Params = 50_000,
        LibTorchVersion = "2.10.0",
        Device = "cpu",
        Threads = 1,
    };

    private static List<LeaderboardRow> Board() => [Row("dense", 0), Row("dst-ensemble", 0.8), Row("edst-ensemble", 0.8)];

    [Fact]
    public void Should_find_no_drift_When_the_leaderboards_are_identical()
    {
        Assert.Empty(LeaderboardComparer.Compare(Board(), Board()));
    }

    [Fact]
    public void Should_report_drift_When_an_accuracy_changes_with_the_same_threads()
    {
        var fresh = Board();
        fresh[1] = fresh[1] with { AccuracyMean = fresh[1].AccuracyMean + 1e-6 };

        var drift = Assert.Single(LeaderboardComparer.Compare(Board(), fresh));

        Assert.Contains("dst-ensemble", drift);
        Assert.Contains("accuracy_mean", drift);
    }

    [Fact]
    public void Should_apply_the_tolerance_When_the_thread_count_differs()
    {
        var fresh = Board().Select(r => r with { Threads = 4 }).ToList();
        fresh[1] = fresh[1] with { AccuracyMean = fresh[1].AccuracyMean + 0.001 };
        Assert.Empty(LeaderboardComparer.Compare(Board(), fresh));

        fresh[1] = fresh[1] with { AccuracyMean = fresh[1].AccuracyMean + 0.01 };
        Assert.Single(LeaderboardComparer.Compare(Board(), fresh));
    }

    [Fact]
    public void Should_report_drift_When_a_row_is_missing_from_the_fresh_leaderboard()
    {
        var fresh = Board();
        fresh.RemoveAt(2);

        var drift = Assert.Single(LeaderboardComparer.Compare(Board(), fresh));

        Assert.Contains("edst-ensemble", drift);
        Assert.Contains("missing", drift);
    }

    [Fact]
    public void Should_report_drift_When_the_fresh_leaderboard_has_an_extra_row()
    {
        var fresh = Board();
        fresh.Add(Row("edst-ensemble", 0.9));

        var drift = Assert.Single(LeaderboardComparer.Compare(Board(), fresh));

        Assert.Contains("not in the committed leaderboard", drift);
    }

    [Fact]
    public void Should_report_drift_When_flops_change_even_with_another_device()
    {
        var fresh = Board().Select(r => r with { Device = "cuda:0" }).ToList();
        fresh[0] = fresh[0] with { TrainFlops = 1.001e12 };

        var drift = Assert.Single(LeaderboardComparer.Compare(Board(), fresh));

        Assert.Contains("train_flops", drift);
    }

    [Fact]
    public void Should_not_compare_measured_times_When_the_provenance_is_the_same()
    {
        var fresh = Board().Select(r => r with
        {
            WallSecondsMean = 99,
            TrainSecondsMean = 42,
            TrainTimeRelDense = 0.3,
            InferMsB128Mean = 7,
            InferMsB1Mean = 0.2,
        }).ToList();

        Assert.Empty(LeaderboardComparer.Compare(Board(), fresh));
    }

    [Fact]
    public void Should_hold_a_sparse_row_to_the_committed_masked_one_within_tolerances_When_no_sparse_row_was_committed()
    {
        // Same device, threads and libtorch, yet not bit for bit: the sparse kernels add in another order.
        var close = Board();
        close[1] = close[1] with { Execution = "sparse", AccuracyMean = close[1].AccuracyMean + 0.001 };
        Assert.Empty(LeaderboardComparer.Compare(Board(), close));

        var far = Board();
        far[1] = far[1] with { Execution = "sparse", AccuracyMean = far[1].AccuracyMean + 0.05 };
        var drift = Assert.Single(LeaderboardComparer.Compare(Board(), far));
        Assert.StartsWith("dst-ensemble/mlp-300-100/synthetic/S=0.8/execution=sparse (against committed masked): accuracy_mean", drift);
    }

    [Fact]
    public void Should_match_rows_that_do_not_say_their_execution_When_the_fresh_ones_are_masked_and_dense()
    {
        // A committed leaderboard written before the column existed reads with an empty execution: masked, dense.
        var fresh = Board().Select(r => r with { Execution = r.Method == "dense" ? "dense" : "masked" }).ToList();

        Assert.Empty(LeaderboardComparer.Compare(Board(), fresh));
        Assert.Equal(["dense", "masked", "masked"], Board().Select(r => r.Execution));
    }

    [Fact]
    public void Should_compare_masked_and_sparse_rows_each_with_its_own_When_a_leaderboard_has_both()
    {
        List<LeaderboardRow> Both() => [.. Board(), Row("dst-ensemble", 0.8) with { Execution = "sparse", AccuracyMean = 0.5 }];
        var fresh = Both();
        fresh[3] = fresh[3] with { AccuracyMean = 0.75 };

        var drift = Assert.Single(LeaderboardComparer.Compare(Both(), fresh));

        Assert.StartsWith("dst-ensemble/mlp-300-100/synthetic/S=0.8/execution=sparse: accuracy_mean 0.75 vs committed 0.5", drift, StringComparison.Ordinal);
    }
}
