using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Dataset.Cifar;

/// <summary>
/// CIFAR-100 (Krizhevsky 2009): 32x32 colour images in 100 classes (20 superclasses), 50,000 training and 10,000 test
/// images, from the official binary version (<c>train.bin</c>, <c>test.bin</c>; labels are the fine, 100-class ones) in
/// <c>&lt;data root&gt;/cifar100/</c> or its <c>cifar-100-binary/</c> subfolder. Missing files are downloaded from
/// www.cs.toronto.edu (MD5 checked, extracted safely); without a network one error says where to put which files.
/// Inputs are normalised per channel with the training-set statistics; training batches get the standard pad-4 random
/// crop and horizontal flip.
/// </summary>
public sealed class Cifar100Dataset : IDataset
{
    private readonly CifarSplitLoader _loader;

    /// <summary>The real dataset.</summary>
    public Cifar100Dataset()
        : this(CifarFormat.Cifar100(), new HttpCifarFetcher())
    {
    }

    /// <summary>Tests use small files, their own archive address and a fake or local fetcher.</summary>
    internal Cifar100Dataset(CifarFormat format, ICifarFetcher fetcher)
    {
        _loader = new CifarSplitLoader(format, fetcher);
    }

    /// <inheritdoc />
    public string Name => "cifar100";

    /// <inheritdoc />
    public string Description => "CIFAR-100 (fine labels), 3x32x32, 50k/10k (binary; downloaded from cs.toronto.edu when missing)";

    /// <inheritdoc />
    public DatasetSpec Spec => _loader.Format.Spec;

    /// <inheritdoc />
    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options) => _loader.Load(split, options);

    /// <inheritdoc />
    public Tensor Augment(Tensor batch, Generator generator) => CropFlipAugmentation.Apply(batch, generator);
}
