using FreeTickets.Core.Results;

namespace FreeTickets.Core.Tests.Results;

/// <summary>train_time_rel_dense of runs.csv: a cell's training time over the dense cell's of the same architecture, dataset and seed.</summary>
public sealed class TrainingTimesTests
{
    private static RunRow Run(string method, long seed, double trainSeconds, string dataset = "d", CellStatus status = CellStatus.Ok) => new()
    {
        CellId = $"{method}_{dataset}_seed{seed}",
        Method = method,
        Architecture = "a",
        Dataset = dataset,
        Seed = seed,
        Status = status,
        TrainSeconds = trainSeconds,
    };

    [Fact]
    public void Should_divide_by_the_dense_cell_of_the_same_seed_When_the_table_has_one()
    {
        var rows = TrainingTimes.RelativeToDense(
            [Run("edst-ensemble", 1, 6), Run("dst-ensemble", 2, 30), Run("dense", 2, 10), Run("dense", 1, 4), Run("dense-ensemble", 1, 12)]);

        Assert.Equal([1.5, 3.0, 1.0, 1.0, 3.0], rows.Select(r => r.TrainTimeRelDense));
        Assert.Equal([6.0, 30, 10, 4, 12], rows.Select(r => r.TrainSeconds));
    }

    [Fact]
    public void Should_leave_it_NaN_When_there_is_no_dense_cell_to_compare_with()
    {
        var rows = TrainingTimes.RelativeToDense(
        [
            Run("dst-ensemble", 1, 6), // no dense cell at all for seed 1
            Run("dense", 2, 4, dataset: "other"), Run("dst-ensemble", 2, 8), // the dense cell is of another dataset
            Run("dense", 3, 4, status: CellStatus.Failed), Run("dst-ensemble", 3, 8), // the dense cell failed
            Run("dense", 4, double.NaN), Run("dst-ensemble", 4, 8), // the dense cell's record predates the measurement
            Run("dense", 5, 4), Run("dst-ensemble", 5, double.NaN), // this cell's record predates it
        ]);

        Assert.All(rows.Where(r => r.Method != "dense"), r => Assert.True(double.IsNaN(r.TrainTimeRelDense), r.CellId));
    }

    [Fact]
    public void Should_compute_it_from_the_whole_table_When_the_dense_cell_finished_after_the_sparse_one()
    {
        // A cell record keeps NaN: the tables are rebuilt from every record, so the order the cells finished in does not matter.
        var sparse = Run("dst-ensemble", 1, 6);
        var dense = Run("dense", 1, 3);

        Assert.True(double.IsNaN(Assert.Single(TrainingTimes.RelativeToDense([sparse])).TrainTimeRelDense));
        Assert.Equal(2.0, TrainingTimes.RelativeToDense([sparse, dense])[0].TrainTimeRelDense);
        Assert.Equal(2.0, TrainingTimes.RelativeToDense([dense, sparse])[1].TrainTimeRelDense);
    }

    [Theory]
    [InlineData(6, 3, 2)]
    [InlineData(6, 0, double.NaN)]
    [InlineData(double.NaN, 3, double.NaN)]
    [InlineData(6, double.NaN, double.NaN)]
    [InlineData(6, double.PositiveInfinity, double.NaN)]
    public void Should_give_a_ratio_only_When_both_times_are_measured_and_the_reference_is_positive(double seconds, double dense, double expected)
    {
        Assert.Equal(expected, TrainingTimes.Ratio(seconds, dense));
    }
}
