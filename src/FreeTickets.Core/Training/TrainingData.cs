using static TorchSharp.torch;

namespace FreeTickets.Core.Training;

/// <summary>
/// The three sets of a cell, resident on the device: train (after hold-out), validation (never augmented) and test
/// (only for the final report).
/// </summary>
public sealed record TrainingData(Tensor TrainInputs, Tensor TrainLabels, Tensor ValInputs, Tensor ValLabels, Tensor TestInputs, Tensor TestLabels, int NumClasses)
    : IDisposable
{
    /// <summary>Training examples (after the validation hold-out).</summary>
    public long TrainCount => TrainLabels.shape[0];

    /// <summary>Validation examples.</summary>
    public long ValCount => ValLabels.shape[0];

    /// <summary>
    /// Splits a loaded training split into train and validation (round(n * fraction) examples): the first examples of a
    /// permutation seeded with <paramref name="seed"/>, or with <paramref name="tail"/> the last examples in file order, as
    /// the released FreeTickets code holds them out. Test is kept whole. The returned tensors are new; the caller still
    /// owns the originals.
    /// </summary>
    public static TrainingData Split(
        Tensor trainInputs, Tensor trainLabels, Tensor testInputs, Tensor testLabels, int numClasses, double validationFraction, ulong seed, bool tail = false)
    {
        var n = trainLabels.shape[0];
        var nVal = (long)Math.Round(n * validationFraction);
        using var generator = new Generator(seed);
        using var perm = tail
            ? cat([arange(n - nVal, n, dtype: ScalarType.Int64), arange(0, n - nVal, dtype: ScalarType.Int64)]).to(trainLabels.device)
            : randperm(n, generator: generator).to(trainLabels.device);
        using var valIdx = perm.narrow(0, 0, nVal);
        using var trainIdx = perm.narrow(0, nVal, n - nVal);
        return new TrainingData(
            trainInputs.index_select(0, trainIdx), trainLabels.index_select(0, trainIdx),
            trainInputs.index_select(0, valIdx), trainLabels.index_select(0, valIdx),
            testInputs.alias(), testLabels.alias(), numClasses);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in new[] { TrainInputs, TrainLabels, ValInputs, ValLabels, TestInputs, TestLabels })
        {
            t.Dispose();
        }
    }
}
