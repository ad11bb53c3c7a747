using FreeTickets.Core.Config;

namespace FreeTickets.Core.Methods;

/// <summary>
/// <c>dst-ensemble</c>: M independent dynamic sparse runs (ERK masks at sparsity S, prune/regrow every Delta T), each
/// E epochs with the dense learning-rate schedule (Liu et al. 2022, section 3.1).
/// </summary>
public sealed class DstEnsembleMethod : IMethod
{
    /// <inheritdoc />
    public string Name => MethodNames.DstEnsemble;

    /// <inheritdoc />
    public MethodOutcome Run(MethodContext context, CancellationToken cancellationToken) =>
        IndependentRuns.Run(context, context.Cell.Settings.Ensemble.Members, sparse: true, cancellationToken);
}
