using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Dataset.Cifar;

/// <summary>
/// CIFAR-10 (Krizhevsky 2009): 32x32 colour images in 10 classes, 50,000 training and 10,000 test images, from the
/// official binary version (<c>data_batch_1.bin</c> .. <c>data_batch_5.bin</c>, <c>test_batch.bin</c>) in
/// <c>&lt;data root&gt;/cifar10/</c> or its <c>cifar-10-batches-bin/</c> subfolder. Missing files are downloaded from
/// www.cs.toronto.edu (MD5 checked, extracted safely); without a network one error says where to put which files.
/// Inputs are normalised per channel with the training-set statistics; training batches get the standard pad-4 random
/// crop and horizontal flip.
/// </summary>
public sealed class Cifar10Dataset : IDataset
{
    private readonly CifarSplitLoader _loader;

    /// <summary>The real dataset.</summary>
    public Cifar10Dataset()
        : this(CifarFormat.Cifar10(), new HttpCifarFetcher())
    {
    }

    /// <summary>Tests use small files, their own archive address and a fake or local fetcher.</summary>
    internal Cifar10Dataset(CifarFormat format, ICifarFetcher fetcher)
    {
        _loader = new CifarSplitLoader(format, fetcher);
    }

    /// <inheritdoc />
    public string Name => "cifar10";

    /// <inheritdoc />
    public string Description => "CIFAR-10, 3x32x32, 50k/10k (binary batches; downloaded from cs.toronto.edu when missing)";

    /// <inheritdoc />
    public DatasetSpec Spec => _loader.Format.Spec;

    /// <inheritdoc />
    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options) => _loader.Load(split, options);

    /// <inheritdoc />
    public Tensor Augment(Tensor batch, Generator generator) => CropFlipAugmentation.Apply(batch, generator);
}
