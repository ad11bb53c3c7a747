using static TorchSharp.torch;

namespace FreeTickets.Core.Metrics;

/// <summary>
/// Disagreement of every pair of ensemble members: entry [i][j] is the fraction of examples whose argmax differs between
/// members i and j (ties go to the lowest class index, as torch's max does). The matrix is symmetric with a zero
/// diagonal; the mean of its entries above the diagonal is <see cref="EnsembleMetrics.Disagreement"/>.
/// </summary>
public static class PairwiseDisagreementCalculator
{
    /// <summary>The M x M matrix of <paramref name="memberProbabilities"/> (one [N, C] tensor per member, same examples).</summary>
    public static IReadOnlyList<IReadOnlyList<double>> Compute(IReadOnlyList<Tensor> memberProbabilities)
    {
        ArgumentNullException.ThrowIfNull(memberProbabilities);
        if (memberProbabilities.Count == 0)
        {
            throw new ArgumentException("an ensemble needs at least one member", nameof(memberProbabilities));
        }

        var first = memberProbabilities[0];
        if (memberProbabilities.Any(p => p.dim() != 2 || p.shape[0] != first.shape[0] || p.shape[1] != first.shape[1]))
        {
            throw new ArgumentException("every member's probabilities must be [N, C] of one shape", nameof(memberProbabilities));
        }

        var m = memberProbabilities.Count;
        var n = first.shape[0];
        var matrix = new double[m][];
        for (var i = 0; i < m; i++)
        {
            matrix[i] = new double[m];
        }

        if (n == 0)
        {
            return matrix;
        }

        using var scope = NewDisposeScope();
        var predictions = memberProbabilities.Select(p => p.detach().cpu().argmax(1)).ToArray();
        for (var i = 0; i < m; i++)
        {
            for (var j = i + 1; j < m; j++)
            {
                matrix[i][j] = matrix[j][i] = predictions[i].ne(predictions[j]).sum().item<long>() / (double)n;
            }
        }

        return matrix;
    }
}
