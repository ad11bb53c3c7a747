using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Dataset.Mnist;

/// <summary>
/// The four files of an MNIST-format dataset (28x28 grey images, 10 classes) and how to turn them into normalised
/// tensors. Shared by <see cref="MnistDataset"/> and <see cref="FashionMnistDataset"/>.
/// </summary>
/// <param name="TrainSize">Images expected in the training files.</param>
/// <param name="TestSize">Images expected in the test files.</param>
/// <param name="Mean">Training-set pixel mean on [0, 1].</param>
/// <param name="Std">Training-set pixel standard deviation on [0, 1].</param>
internal sealed record IdxImageSet(int TrainSize, int TestSize, float Mean, float Std)
{
    public const int Side = 28;
    public const int Classes = 10;

    /// <summary>The four file names (without <c>.gz</c>), as published by LeCun and Zalando.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
    [
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ];

    public DatasetSpec Spec => new([1, Side, Side], Classes, TrainSize, TestSize) { Normalization = new([Mean], [Std]) };

    /// <summary>Whether all four files exist in <paramref name="folder"/> (each raw or .gz).</summary>
    public static bool IsComplete(string folder) => FileNames.All(f => IdxReader.Find(folder, f) is not null);

    /// <summary>The base names of the files missing from <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> Missing(string folder) => FileNames.Where(f => IdxReader.Find(folder, f) is null).ToList();

    /// <summary>Reads a split from <paramref name="folder"/> (which must be complete) into tensors on <paramref name="device"/>.</summary>
    public DatasetSplit Load(string folder, DatasetSplitKind split, Device device)
    {
        var prefix = split == DatasetSplitKind.Train ? "train" : "t10k";
        var count = split == DatasetSplitKind.Train ? TrainSize : TestSize;
        var imagesPath = IdxReader.Find(folder, prefix + "-images-idx3-ubyte")
            ?? throw new DatasetException($"{Path.Combine(folder, prefix + "-images-idx3-ubyte")}[.gz]: not found");
        var labelsPath = IdxReader.Find(folder, prefix + "-labels-idx1-ubyte")
            ?? throw new DatasetException($"{Path.Combine(folder, prefix + "-labels-idx1-ubyte")}[.gz]: not found");

        var pixels = IdxReader.ReadImages(imagesPath, count, Side, Side);
        var labels = IdxReader.ReadLabels(labelsPath, count, Classes);

        using var scope = NewDisposeScope();
        // One copy into a uint8 tensor, then vectorised conversion: x/255 then (x - mean)/std.
        var inputs = tensor(pixels, [count, 1, Side, Side], ScalarType.Byte)
            .to(device)
            .to_type(ScalarType.Float32)
            .div_(255f)
            .sub_(Mean)
            .div_(Std);
        var targets = tensor(labels, [count], ScalarType.Byte).to(device).to_type(ScalarType.Int64);
        return new DatasetSplit(inputs.MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope());
    }
}
