using FreeTickets.Core.Config;
using FreeTickets.Core.Flops;
using FreeTickets.Core.Methods;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Sparsity;
using FreeTickets.Core.Training;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Running;

/// <summary>
/// The measured columns of a cell's rows, from a synthetic method outcome (no training): execution, train_seconds,
/// train_time_rel_dense (from the tables) and the ensemble's infer_ms_* (a sum over its members).
/// </summary>
public sealed class CellResultsTests : IDisposable
{
    private static readonly ModelCost _cost = new([new LayerCost("fc", [2, 4], 8, 8)], [], 2);
    private static readonly Provenance _provenance = new("0.1.0", "0.107.0", "2.10.0", "cpu", 1);
    private readonly string _dir = Directory.CreateTempSubdirectory("freetickets-cell-results-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MatrixDefinition Matrix(string execution)
    {
        var settings = new MethodSettings { Sparse = new SparseSettings { Execution = execution } };
        return new MatrixDefinition(
            "m", "", ["synthetic"], ["mlp"], [MethodNames.Dense, MethodNames.DstEnsemble], [0.8], [1],
            new Dictionary<string, MethodSettings> { [MethodNames.Dense] = settings, [MethodNames.DstEnsemble] = settings });
    }

    private static TrainingData Data() => new(
        zeros(6, 4), tensor(new long[] { 0, 1, 0, 1, 0, 1 }), zeros(2, 4), tensor(new long[] { 0, 1 }), zeros(4, 4), tensor(new long[] { 0, 1, 1, 0 }), 2);

    private static MemberOutcome Member(int index, double density, InferenceTiming? timing) =>
        new(index, index + 1, tensor(new float[] { 0.9f, 0.1f, 0.2f, 0.8f, 0.6f, 0.4f, 0.7f, 0.3f }).reshape(4, 2), (long)(8 * density), 8,
            new Dictionary<string, double> { ["fc"] = density }, 2, 0, 1)
        { Inference = timing };

    private static CellRecord Build(string method, MatrixDefinition matrix, double trainingSeconds, params InferenceTiming?[] timings)
    {
        var cell = matrix.Cells().Single(c => c.Method == method);
        var density = MethodNames.IsSparse(method) ? 0.25 : 1;
        using var outcome = new MethodOutcome([.. timings.Select((t, i) => Member(i, density, t))], [], 2) { TrainingSeconds = trainingSeconds };
        using var data = Data();
        return CellResults.Build(cell, matrix, outcome, data, _cost, null, _provenance, wallSeconds: trainingSeconds + 1);
    }

    [Fact]
    public void Should_sum_the_members_inference_times_in_milliseconds_When_every_member_was_timed()
    {
        var record = Build(MethodNames.DstEnsemble, Matrix(SparseExecutionMode.Masked), 12.5, new(0.002, 0.0001), new(0.003, 0.0002), new(0.004, 0.0003));

        Assert.Equal(9.0, record.Run.InferMsB128, 12);
        Assert.Equal(0.6, record.Run.InferMsB1, 12);
        Assert.Equal(12.5, record.Run.TrainSeconds);
    }

    [Fact]
    public void Should_leave_the_inference_times_NaN_When_a_member_was_not_timed()
    {
        var record = Build(MethodNames.DstEnsemble, Matrix(SparseExecutionMode.Masked), double.NaN, new(0.002, 0.0001), null);

        Assert.True(double.IsNaN(record.Run.InferMsB128));
        Assert.True(double.IsNaN(record.Run.InferMsB1));
        Assert.True(double.IsNaN(record.Run.TrainSeconds));
    }

    [Theory]
    [InlineData(SparseExecutionMode.Masked)]
    [InlineData(SparseExecutionMode.Sparse)]
    public void Should_record_the_cells_execution_and_dense_for_a_dense_method_When_building_its_rows(string execution)
    {
        var matrix = Matrix(execution);

        Assert.Equal(execution, Build(MethodNames.DstEnsemble, matrix, 1, new InferenceTiming(0.001, 0.0001)).Run.Execution);
        Assert.Equal(ExecutionColumn.Dense, Build(MethodNames.Dense, matrix, 1, new InferenceTiming(0.001, 0.0001)).Run.Execution);
        Assert.Equal(ExecutionColumn.Dense, CellResults.BaseRow(matrix.Cells()[0], _provenance).Execution);
    }

    [Fact]
    public void Should_write_training_time_relative_to_the_dense_cell_When_the_tables_have_one()
    {
        var matrix = Matrix(SparseExecutionMode.Sparse);
        var sparse = Build(MethodNames.DstEnsemble, matrix, 6, new(0.002, 0.0001), new(0.002, 0.0001));
        var dense = Build(MethodNames.Dense, matrix, 4, new InferenceTiming(0.005, 0.0002));

        // The record itself cannot know: the dense cell may finish later.
        Assert.True(double.IsNaN(sparse.Run.TrainTimeRelDense));

        ResultTables.WriteAll(_dir, [sparse]);
        var alone = Assert.Single(ResultTables.ReadCsv<RunRow>(Path.Combine(_dir, "runs.csv")));
        Assert.True(double.IsNaN(alone.TrainTimeRelDense));
        Assert.True(double.IsNaN(Assert.Single(ResultTables.ReadCsv<LeaderboardRow>(Path.Combine(_dir, "leaderboard.csv"))).TrainTimeRelDense));

        ResultTables.WriteAll(_dir, [sparse, dense]);
        var runs = ResultTables.ReadCsv<RunRow>(Path.Combine(_dir, "runs.csv")).ToDictionary(r => r.Method);
        var leaderboard = ResultTables.ReadCsv<LeaderboardRow>(Path.Combine(_dir, "leaderboard.csv")).ToDictionary(r => r.Method);
        Assert.Equal(1.5, runs[MethodNames.DstEnsemble].TrainTimeRelDense);
        Assert.Equal(1.0, runs[MethodNames.Dense].TrainTimeRelDense);
        Assert.Equal(("sparse", "dense"), (runs[MethodNames.DstEnsemble].Execution, runs[MethodNames.Dense].Execution));
        Assert.Equal(1.5, leaderboard[MethodNames.DstEnsemble].TrainTimeRelDense);
        Assert.Equal(6.0, leaderboard[MethodNames.DstEnsemble].TrainSecondsMean);
        Assert.Equal(4.0, leaderboard[MethodNames.DstEnsemble].InferMsB128Mean, 12);
        Assert.Equal(5.0, leaderboard[MethodNames.Dense].InferMsB128Mean, 12);
        Assert.Equal("sparse", leaderboard[MethodNames.DstEnsemble].Execution);
    }
}
