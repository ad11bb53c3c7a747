namespace FreeTickets.Core.Config;

/// <summary>Dynamic sparse training settings (dst-ensemble and edst-ensemble).</summary>
public sealed record SparseSettings
{
    /// <summary>Layer-wise density distribution: erk, er or uniform.</summary>
    public string Distribution { get; init; } = "erk";

    /// <summary>Pruning criterion plugin name.</summary>
    public string Prune { get; init; } = "magnitude";

    /// <summary>Regrowth rule plugin name.</summary>
    public string Regrow { get; init; } = "gradient";

    /// <summary>Topology update interval Delta T, in iterations.</summary>
    public int UpdateInterval { get; init; } = 1000;

    /// <summary>Drop fraction p (the paper's death rate).</summary>
    public double DropFraction { get; init; } = 0.5;

    /// <summary>constant or cosine (decays p to <see cref="DropFractionMin"/> over training).</summary>
    public string DropSchedule { get; init; } = "cosine";

    /// <summary>Final drop fraction of the cosine schedule.</summary>
    public double DropFractionMin { get; init; } = 0.005;

    /// <summary>
    /// SGD momentum of inactive weights: <c>zero</c> (masked with the weight, so a regrown weight starts with zero momentum,
    /// as RigL does) or <c>keep</c> (the buffer stays dense and a regrown weight inherits what it accumulated while pruned,
    /// as the released FreeTickets code does).
    /// </summary>
    public string RegrownMomentum { get; init; } = Sparsity.RegrownMomentum.Zero;

    /// <summary>
    /// How the initial masks are drawn: <c>exact</c> (exactly round(density * n) active weights per layer) or
    /// <c>bernoulli</c> (each weight active with probability density, as the released FreeTickets code does, so counts vary).
    /// </summary>
    public string MaskInit { get; init; } = Sparsity.MaskInit.Exact;

    /// <summary>
    /// How the sparse layers compute: <c>masked</c> (dense kernels on weights whose inactive entries are zero; the default,
    /// bit-reproducible) or <c>sparse</c> (fully connected layers run sparse kernels that touch only active weights, each
    /// layer falling back to masked where it is too dense to win; agrees with masked within rounding).
    /// </summary>
    public string Execution { get; init; } = Sparsity.SparseExecutionMode.Masked;
}
