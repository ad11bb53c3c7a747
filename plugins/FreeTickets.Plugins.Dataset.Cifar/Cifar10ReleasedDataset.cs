using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Dataset.Cifar;

/// <summary>
/// CIFAR-10 normalised as the released FreeTickets code normalises it (<c>get_cifar10_dataloaders</c> in
/// <c>sparselearning/utils.py</c> of the Shiweiliuiiiiiii/FreeTickets repository on GitHub), for runs that reproduce
/// that code. It differs from <see cref="Cifar10Dataset"/> (<c>cifar10</c>) in one respect: the per-channel std is that
/// code's (0.2023, 0.1994, 0.2010), the constants widely copied between CIFAR code bases, instead of the training pixels'
/// actual std (0.2470, 0.2435, 0.2616), so every normalised input lies 1.22 (red, green) to 1.30 (blue) times as far
/// from 0. The mean (0.4914, 0.4822, 0.4465) is the same, and <see cref="DatasetSpec.Normalization"/> states the
/// constants used, so corruptions and out-of-distribution re-normalisation follow them. Everything else is
/// <c>cifar10</c>'s: the same files in the same <c>&lt;data root&gt;/cifar10/</c> folder (or its
/// <c>cifar-10-batches-bin/</c> subfolder), the same download and checks, and the same training augmentation (pad 4 by
/// reflection, random 32x32 crop, horizontal flip), which is also the released code's for CIFAR-10.
/// </summary>
public sealed class Cifar10ReleasedDataset : IDataset
{
    private readonly CifarSplitLoader _loader;

    /// <summary>The real dataset.</summary>
    public Cifar10ReleasedDataset()
        : this(CifarFormat.Cifar10Released(), new HttpCifarFetcher())
    {
    }

    /// <summary>Tests use small files, their own archive address and a fake or local fetcher.</summary>
    internal Cifar10ReleasedDataset(CifarFormat format, ICifarFetcher fetcher)
    {
        _loader = new CifarSplitLoader(format, fetcher);
    }

    /// <inheritdoc />
    public string Name => "cifar10-released";

    /// <inheritdoc />
    public string Description => "CIFAR-10 normalised as the released FreeTickets code (std 0.2023/0.1994/0.2010), 3x32x32, 50k/10k (the files of cifar10)";

    /// <inheritdoc />
    public DatasetSpec Spec => _loader.Format.Spec;

    /// <inheritdoc />
    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options) => _loader.Load(split, options);

    /// <inheritdoc />
    public Tensor Augment(Tensor batch, Generator generator) => CropFlipAugmentation.Apply(batch, generator);
}
