using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Dataset.Synthetic;

/// <summary>
/// A generated, learnable 10-class problem of 1x8x8 "images" (no files): each class is a fixed random prototype
/// plus Gaussian noise. Deterministic for a seed; for tests and the <c>smoke</c> matrix.
/// </summary>
public sealed class SyntheticDataset : IDataset
{
    private const int Classes = 10;
    private const int Side = 8;
    private const int Train = 2048;
    private const int Test = 512;

    /// <inheritdoc />
    public string Name => "synthetic";

    /// <inheritdoc />
    public string Description => "generated 10-class 1x8x8 prototypes + noise (no files; tests and smoke runs)";

    /// <summary>
    /// The inputs are not images; for corruptions they are read as pixels 0.5 + 0.1 x (a nominal normalisation: mean 0.5,
    /// std 0.1), which keeps about 99.5% of the raw values (standard deviation 1.8) inside [0, 1].
    /// </summary>
    public DatasetSpec Spec { get; } = new([1, Side, Side], Classes, Train, Test) { Normalization = new([0.5f], [0.1f]) };

    /// <inheritdoc />
    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options)
    {
        using var scope = NewDisposeScope();
        // The problem (prototypes) depends only on the seed; the split picks a disjoint noise stream.
        using var problem = new Generator(unchecked((ulong)options.Seed) ^ 0x5EED_F7EEUL);
        var prototypes = randn([Classes, 1, Side, Side], generator: problem);
        using var draw = new Generator((unchecked((ulong)options.Seed) * 2654435761UL) + (split == DatasetSplitKind.Train ? 1UL : 2UL));
        var n = split == DatasetSplitKind.Train ? Train : Test;
        var labels = randint(Classes, [n], dtype: ScalarType.Int64, generator: draw);
        var inputs = prototypes.index_select(0, labels) + (1.5f * randn([n, 1, Side, Side], generator: draw));
        return new DatasetSplit(
            inputs.to(options.Device).MoveToOuterDisposeScope(),
            labels.to(options.Device).MoveToOuterDisposeScope());
    }
}
