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
}
