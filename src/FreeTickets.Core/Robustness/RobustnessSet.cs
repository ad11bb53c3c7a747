using FreeTickets.Abstractions;
using FreeTickets.Core.Randomness;
using FreeTickets.Core.Training;
using static TorchSharp.torch;

namespace FreeTickets.Core.Robustness;

/// <summary>
/// An extra evaluation set of a cell: an out-of-distribution test set (for the max-softmax AUROC) or the in-distribution
/// test set under one corruption at one severity. The inputs are prepared lazily, <see cref="ChunkSize"/> examples at a
/// time, so a corrupted copy of the whole test set is never held; the chunks do not depend on the evaluation batch size,
/// and the noise of each chunk is seeded from the corruption, severity and chunk start only, so every cell and member of
/// every matrix sees exactly the same corrupted images.
/// </summary>
public sealed class RobustnessSet
{
    /// <summary><see cref="Kind"/> of an out-of-distribution set.</summary>
    public const string OodKind = "ood";

    /// <summary><see cref="Kind"/> of a corrupted test set.</summary>
    public const string CorruptionKind = "corruption";

    /// <summary>Examples prepared at a time.</summary>
    public const int ChunkSize = 1000;

    private readonly Tensor _inputs;
    private readonly Func<Tensor, long, Tensor> _prepare;

    private RobustnessSet(string kind, string name, int severity, Tensor inputs, Func<Tensor, long, Tensor> prepare)
    {
        Kind = kind;
        Name = name;
        Severity = severity;
        _inputs = inputs;
        _prepare = prepare;
    }

    /// <summary><see cref="OodKind"/> or <see cref="CorruptionKind"/>.</summary>
    public string Kind { get; }

    /// <summary>The OoD dataset or the corruption.</summary>
    public string Name { get; }

    /// <summary>Severity 1-5 of a corruption; 0 for an OoD set.</summary>
    public int Severity { get; }

    /// <summary>Examples in the set.</summary>
    public long Count => _inputs.shape[0];

    /// <summary>
    /// An OoD test set. When both datasets declare their normalisation, the inputs are brought from the OoD dataset's
    /// normalisation into the in-distribution one's (the same pixels as the model's own test images would be); otherwise
    /// they are used as loaded.
    /// </summary>
    /// <param name="name">The OoD dataset plugin.</param>
    /// <param name="inputs">Its normalised test inputs (not owned).</param>
    /// <param name="from">The OoD dataset's normalisation.</param>
    /// <param name="to">The in-distribution dataset's normalisation.</param>
    public static RobustnessSet Ood(string name, Tensor inputs, ChannelNormalization? from, ChannelNormalization? to) =>
        new(OodKind, name, 0, inputs, (chunk, _) =>
        {
            if (from is null || to is null)
            {
                return chunk.alias();
            }

            using var pixels = PixelSpace.ToPixels(chunk, from);
            return PixelSpace.FromPixels(pixels, to);
        });

    /// <summary>The test set under <paramref name="corruption"/> at <paramref name="severity"/>.</summary>
    /// <param name="corruption">The corruption.</param>
    /// <param name="severity">1-5.</param>
    /// <param name="testInputs">The normalised in-distribution test inputs (not owned).</param>
    /// <param name="normalization">The dataset's normalisation.</param>
    public static RobustnessSet Corrupted(ICorruption corruption, int severity, Tensor testInputs, ChannelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(corruption);
        Corruptions.CheckSeverity(severity);
        return new(CorruptionKind, corruption.Name, severity, testInputs, (chunk, start) =>
        {
            using var generator = new Generator(StableSeed.Derive("corruption", corruption.Name, severity, start));
            return PixelSpace.Corrupt(chunk, corruption, severity, normalization, generator);
        });
    }

    /// <summary>The prepared inputs of examples [start, start + count) (a new tensor the caller owns).</summary>
    public Tensor Inputs(long start, long count)
    {
        using var chunk = _inputs.narrow(0, start, count);
        return _prepare(chunk, start);
    }

    /// <summary>Softmax predictions of <paramref name="model"/> on the whole set, float32 [N, C] on the CPU.</summary>
    public Tensor Predict(nn.Module<Tensor, Tensor> model, int batchSize)
    {
        var parts = new List<Tensor>();
        try
        {
            for (long start = 0; start < Count; start += ChunkSize)
            {
                using var prepared = Inputs(start, Math.Min(ChunkSize, Count - start));
                parts.Add(Evaluator.Predict(model, prepared, batchSize));
            }

            return cat(parts, 0);
        }
        finally
        {
            parts.ForEach(p => p.Dispose());
        }
    }
}
