using static TorchSharp.torch;

namespace FreeTickets.Core.Metrics;

/// <summary>
/// Area under the ROC curve for telling in-distribution from out-of-distribution examples by a score (the maximum
/// softmax probability in the paper), with in-distribution as the positive class.
/// </summary>
public static class OodAuroc
{
    /// <summary>
    /// P(in &gt; out) + P(in = out) / 2 over all (in, out) pairs: the Mann-Whitney statistic, exact, ties counted as one
    /// half. 1 means every in-distribution score is higher, 0.5 chance.
    /// </summary>
    public static double Compute(double[] inScores, double[] outScores)
    {
        ArgumentNullException.ThrowIfNull(inScores);
        ArgumentNullException.ThrowIfNull(outScores);
        if (inScores.Length == 0 || outScores.Length == 0)
        {
            throw new ArgumentException("AUROC needs at least one in-distribution and one out-of-distribution score");
        }

        if (inScores.Any(double.IsNaN) || outScores.Any(double.IsNaN))
        {
            throw new ArgumentException("scores must not be NaN");
        }

        var sortedOut = (double[])outScores.Clone();
        Array.Sort(sortedOut);

        // Twice the count of wins plus ties, kept integral so that large sets lose no precision.
        long doubledWins = 0;
        foreach (var s in inScores)
        {
            var below = LowerBound(sortedOut, s);
            var belowOrEqual = UpperBound(sortedOut, s);
            doubledWins += (2L * below) + (belowOrEqual - below);
        }

        return doubledWins / (2.0 * inScores.Length * outScores.Length);
    }

    /// <summary>The maximum-softmax score of each row of <paramref name="probabilities"/> ([N, C]), in double.</summary>
    public static double[] MaxSoftmaxScores(Tensor probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        using var scope = NewDisposeScope();
        return probabilities.detach().to(float64, CPU).amax(1).data<double>().ToArray();
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
