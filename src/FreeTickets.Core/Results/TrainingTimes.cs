using FreeTickets.Core.Config;

namespace FreeTickets.Core.Results;

/// <summary>
/// <c>train_time_rel_dense</c>: a cell's measured training time relative to the dense cell of the same run. It reads
/// another row, which may finish after this one (shards, <c>--jobs</c>, a resumed run), so it is computed whenever the
/// tables are built from all records (<see cref="ResultTables.WriteAll"/>), never stored in a record.
/// </summary>
public static class TrainingTimes
{
    /// <summary>
    /// The rows with <see cref="RunRow.TrainTimeRelDense"/> set: <see cref="RunRow.TrainSeconds"/> divided by that of the
    /// finished <c>dense</c> cell with the same architecture, dataset and seed among <paramref name="runs"/>; NaN when
    /// there is no such cell or either time was not measured.
    /// </summary>
    public static IReadOnlyList<RunRow> RelativeToDense(IEnumerable<RunRow> runs)
    {
        var all = runs.ToList();
        var dense = all
            .Where(r => r.Method == MethodNames.Dense && r.Status == CellStatus.Ok)
            .GroupBy(r => (r.Architecture, r.Dataset, r.Seed))
            .ToDictionary(g => g.Key, g => g.First().TrainSeconds);
        return [.. all.Select(r => r with
        {
            TrainTimeRelDense = dense.TryGetValue((r.Architecture, r.Dataset, r.Seed), out var reference) ? Ratio(r.TrainSeconds, reference) : double.NaN,
        })];
    }

    /// <summary><paramref name="seconds"/> / <paramref name="denseSeconds"/>, NaN unless both are measured and the reference is positive.</summary>
    public static double Ratio(double seconds, double denseSeconds) =>
        double.IsFinite(seconds) && double.IsFinite(denseSeconds) && denseSeconds > 0 ? seconds / denseSeconds : double.NaN;
}
