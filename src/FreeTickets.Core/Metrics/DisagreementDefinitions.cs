namespace FreeTickets.Core.Metrics;

/// <summary>
/// Names of the config's <c>evaluation.disagreement</c> and the released code's variant of the ensemble's
/// disagreement number.
/// </summary>
public static class DisagreementDefinitions
{
    /// <summary>The mean over all member pairs of the share of examples whose predicted classes differ.</summary>
    public const string Pairs = "pairs";

    /// <summary>The number the released FreeTickets code prints (<see cref="ReleasedCodeMean"/>).</summary>
    public const string Released = "released";

    /// <summary>Known names.</summary>
    public static IReadOnlyList<string> Names { get; } = [Pairs, Released];

    /// <summary>
    /// The released code's disagreement of a pairwise matrix (<see cref="PairwiseDisagreementCalculator"/>): 0.001 is added
    /// to every nonzero entry, and the mean is taken over the nonzero entries only, so pairs that never disagree drop out
    /// and the rest read 0.001 higher. With no disagreeing pair it is 0 (the released code divides 0 by 0 there).
    /// </summary>
    public static double ReleasedCodeMean(IReadOnlyList<IReadOnlyList<double>> pairwise)
    {
        ArgumentNullException.ThrowIfNull(pairwise);
        var nonzero = pairwise.SelectMany((row, i) => row.Where((d, j) => i != j && d != 0.0)).ToList();
        return nonzero.Count == 0 ? 0.0 : nonzero.Average(d => d + 0.001);
    }
}
