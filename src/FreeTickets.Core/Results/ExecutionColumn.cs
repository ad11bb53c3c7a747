using FreeTickets.Core.Config;
using FreeTickets.Core.Sparsity;

namespace FreeTickets.Core.Results;

/// <summary>
/// The <c>execution</c> column of runs.csv and leaderboard.csv: how a cell's sparse layers computed (<c>masked</c>,
/// <c>sparse</c>), or <c>dense</c> for the dense methods, which have none. Rows written before the column existed read
/// as what those runs did: <c>masked</c> for a sparse method, <c>dense</c> for a dense one.
/// </summary>
public static class ExecutionColumn
{
    /// <summary>The value of a dense method's rows.</summary>
    public const string Dense = "dense";

    /// <summary>The value a cell's rows get: its <c>sparse.execution</c>, or <see cref="Dense"/> for a dense method.</summary>
    public static string Of(CellSpec cell) => MethodNames.IsSparse(cell.Method) ? cell.Settings.Sparse.Execution : Dense;

    /// <summary>The value of a row that does not say (written before the column existed): what its method ran with then.</summary>
    public static string Default(string method) => MethodNames.IsSparse(method) ? SparseExecutionMode.Masked : Dense;

    /// <summary><paramref name="recorded"/>, or <see cref="Default"/> when it is empty.</summary>
    public static string Of(string method, string recorded) => string.IsNullOrEmpty(recorded) ? Default(method) : recorded;
}
