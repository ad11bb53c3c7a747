namespace FreeTickets.Core.Sparsity;

/// <summary>The values of <c>sparse.execution</c>: how a sparse network's layers compute.</summary>
public static class SparseExecutionMode
{
    /// <summary>Dense kernels on masked weights (inactive weights are exact zeros): the default, bit-reproducible.</summary>
    public const string Masked = "masked";

    /// <summary>Sparse kernels for fully connected layers sparse enough to win; the others stay masked.</summary>
    public const string Sparse = "sparse";

    /// <summary>Both, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } = [Masked, Sparse];
}
