namespace FreeTickets.Abstractions;

/// <summary>
/// Running statistics of the dense gradient that a regrowth rule asks the engine to keep for it
/// (<see cref="IRegrowthRule.GradientStatistics"/>). The engine updates them after every backward pass, for every
/// sparsifiable weight, from the dense gradient (inactive positions included) and before any masking, and shows them to
/// the plugins as <see cref="MaskedLayer.GradientMomentum"/> and <see cref="MaskedLayer.GradientSquareAverage"/>.
/// They are never reset by topology updates: they describe the gradient, not the current weights. Keeping them needs the
/// dense gradient at every step, so a rule that asks for any of them must declare
/// <see cref="RegrowthCost.DenseGradientEveryStep"/> (the engine refuses to run it otherwise). Runs whose rule asks for
/// none pay nothing.
/// </summary>
[Flags]
public enum GradientStatistics
{
    /// <summary>No statistics (the default).</summary>
    None = 0,

    /// <summary>
    /// The momentum of the dense gradient, buf = beta * buf + g, with the optimizer's momentum factor beta and buf = 0
    /// before the first step: what SGD's momentum buffer would hold if the engine did not mask it (Dettmers and
    /// Zettlemoyer 2019, SNFS). Weight decay is not included.
    /// </summary>
    Momentum = 1,

    /// <summary>
    /// The exponential average of the squared dense gradient, v = 0.999 * v + 0.001 * g * g, v = 0 before the first step
    /// (Adam's second moment with its default beta2, without bias correction).
    /// </summary>
    SquareAverage = 2,
}
