using static TorchSharp.torch;

namespace FreeTickets.Core.Metrics;

/// <summary>
/// Streams <see cref="ClassificationMetrics"/> over evaluation batches; <see cref="Result"/> equals
/// <see cref="ClassificationMetricsCalculator.Compute"/> on the concatenated batches (up to summation order).
/// </summary>
/// <remarks>
/// All sums are kept in double precision, whatever the dtype of the probabilities.
/// <list type="bullet">
/// <item>Accuracy: fraction of examples whose argmax equals the label (ties go to the lowest class index, as torch's
/// max does).</item>
/// <item>NLL: mean over every example of -log p_y, with p_y clamped below at <see cref="ProbabilityEpsilon"/> so that a
/// confidently wrong prediction costs about 27.6 nats instead of infinity.</item>
/// <item>ECE: confidence = max probability; bin b of B covers (b/B, (b+1)/B], and confidence exactly 0 goes to bin 0;
/// ECE = sum over bins of |acc_b - conf_b| * n_b / N.</item>
/// <item>Brier: mean over examples of sum over classes of (p_c - onehot_c)^2.</item>
/// </list>
/// </remarks>
public sealed class ClassificationMetricsAccumulator
{
    /// <summary>Lower clamp of the true-class probability inside the logarithm of the NLL.</summary>
    public const double ProbabilityEpsilon = 1e-12;

    private readonly int _bins;
    private readonly long[] _binCounts;
    private readonly long[] _binCorrect;
    private readonly double[] _binConfidence;
    private long _count;
    private long _correct;
    private double _nllSum;
    private double _brierSum;
    private long _classes = -1;

    public ClassificationMetricsAccumulator(int eceBins = ClassificationMetricsCalculator.DefaultEceBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(eceBins, 1);
        _bins = eceBins;
        _binCounts = new long[eceBins];
        _binCorrect = new long[eceBins];
        _binConfidence = new double[eceBins];
    }

    /// <summary>Examples added so far.</summary>
    public long Count => _count;

    /// <summary>Adds one batch: <paramref name="probabilities"/> [n, C] (rows sum to 1), <paramref name="labels"/> [n].</summary>
    public void Add(Tensor probabilities, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (probabilities.dim() != 2)
        {
            throw new ArgumentException($"probabilities must be [N, C]; got shape [{string.Join(", ", probabilities.shape)}]", nameof(probabilities));
        }

        if (labels.dim() != 1 || labels.shape[0] != probabilities.shape[0])
        {
            throw new ArgumentException(
                $"labels must be [N] with N = {probabilities.shape[0]}; got shape [{string.Join(", ", labels.shape)}]", nameof(labels));
        }

        if (_classes >= 0 && probabilities.shape[1] != _classes)
        {
            throw new ArgumentException($"batches disagree on the number of classes ({_classes} vs {probabilities.shape[1]})", nameof(probabilities));
        }

        _classes = probabilities.shape[1];
        var n = probabilities.shape[0];
        if (n == 0)
        {
            return;
        }

        using var scope = NewDisposeScope();
        var p = probabilities.detach().to(float64, CPU);
        var y = labels.detach().to(int64, CPU);
        var minLabel = y.min().item<long>();
        var maxLabel = y.max().item<long>();
        if (minLabel < 0 || maxLabel >= _classes)
        {
            throw new ArgumentException($"labels must lie in [0, {_classes}); got values in [{minLabel}, {maxLabel}]", nameof(labels));
        }

        var (confidence, predicted) = p.max(1);
        var pTrue = p.gather(1, y.unsqueeze(1)).squeeze(1);
        var correct = predicted.eq(y);

        _nllSum += pTrue.clamp_min(ProbabilityEpsilon).log().neg().sum().item<double>();

        // sum_c (p_c - onehot_c)^2 = sum_c p_c^2 - 2 p_y + 1.
        _brierSum += (p.square().sum(1) - 2.0 * pTrue + 1.0).sum().item<double>();

        var confidences = confidence.data<double>().ToArray();
        var hits = correct.data<bool>().ToArray();
        for (var i = 0; i < confidences.Length; i++)
        {
            var bin = BinOf(confidences[i]);
            _binCounts[bin]++;
            _binConfidence[bin] += confidences[i];
            if (hits[i])
            {
                _binCorrect[bin]++;
                _correct++;
            }
        }

        _count += n;
    }

    /// <summary>Metrics of everything added so far.</summary>
    /// <exception cref="InvalidOperationException">Nothing was added.</exception>
    public ClassificationMetrics Result()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("no examples were added");
        }

        var bins = new ReliabilityBin[_bins];
        var ece = 0.0;
        for (var b = 0; b < _bins; b++)
        {
            var nb = _binCounts[b];
            var accuracy = nb == 0 ? 0.0 : (double)_binCorrect[b] / nb;
            var meanConfidence = nb == 0 ? 0.0 : _binConfidence[b] / nb;
            bins[b] = new ReliabilityBin(Edge(b), Edge(b + 1), nb, accuracy, meanConfidence);
            ece += Math.Abs(_binCorrect[b] - _binConfidence[b]) / _count;
        }

        return new ClassificationMetrics(
            Accuracy: (double)_correct / _count,
            Nll: _nllSum / _count,
            Ece: ece,
            Brier: _brierSum / _count,
            Count: _count,
            ReliabilityBins: bins);
    }

    private double Edge(int b) => (double)b / _bins;

    private int BinOf(double confidence)
    {
        // ceil(c*B) - 1 is the bin of (b/B, (b+1)/B]; the rounding of c*B can be off by one next to an edge, so the
        // guess is checked against the edges exactly as the reliability bins report them.
        var bin = (int)Math.Ceiling(confidence * _bins) - 1;
        bin = Math.Clamp(bin, 0, _bins - 1);
        if (bin > 0 && confidence <= Edge(bin))
        {
            bin--;
        }
        else if (bin < _bins - 1 && confidence > Edge(bin + 1))
        {
            bin++;
        }

        return bin;
    }
}
