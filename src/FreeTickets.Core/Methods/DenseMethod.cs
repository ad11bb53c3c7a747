using FreeTickets.Core.Config;
using FreeTickets.Core.Training;

namespace FreeTickets.Core.Methods;

/// <summary>
/// <c>dense</c>: one dense model for E epochs, LR x0.1 at 50% and 75% of E (by default); <c>dense-ensemble</c> is the same
/// with M members, member 0 of the cell seed and the others of seeds hashed from it (<see cref="MemberSeeds"/>).
/// </summary>
public sealed class DenseMethod(bool ensemble) : IMethod
{
    /// <inheritdoc />
    public string Name => ensemble ? MethodNames.DenseEnsemble : MethodNames.Dense;

    /// <inheritdoc />
    public MethodOutcome Run(MethodContext context, CancellationToken cancellationToken) =>
        IndependentRuns.Run(context, ensemble ? context.Cell.Settings.Ensemble.Members : 1, sparse: false, cancellationToken);
}
