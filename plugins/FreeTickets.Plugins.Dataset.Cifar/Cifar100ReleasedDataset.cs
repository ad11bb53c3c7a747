using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Dataset.Cifar;

/// <summary>
/// CIFAR-100 with the training crops of the released FreeTickets code (<c>get_cifar100_dataloaders</c> in
/// <c>sparselearning/utils.py</c> of the Shiweiliuiiiiiii/FreeTickets repository on GitHub), for runs that reproduce
/// that code. It differs from <see cref="Cifar100Dataset"/> (<c>cifar100</c>) in one respect: the 4-pixel frame of the
/// random crop is black, as torchvision's <c>RandomCrop(32, padding=4)</c> pads the image with zero pixels before it is
/// normalised, so the frame holds (0 - mean) / std per channel, where <c>cifar100</c> reflects the image's border. The
/// crop offsets (0..8 per axis) and the horizontal flip (probability 1/2) are drawn as for <c>cifar100</c>, so a
/// generator state gives the same crops with only the frame differing. Everything else is <c>cifar100</c>'s: the same
/// files in the same <c>&lt;data root&gt;/cifar100/</c> folder (or its <c>cifar-100-binary/</c> subfolder), the same
/// download and checks, fine labels, and the same normalisation, mean (0.5071, 0.4865, 0.4409) and std (0.2673, 0.2564,
/// 0.2762), which the released code also uses (to more decimals).
/// </summary>
public sealed class Cifar100ReleasedDataset : IDataset
{
    private readonly CifarSplitLoader _loader;
    private readonly CropPadding _padding;

    /// <summary>The real dataset.</summary>
    public Cifar100ReleasedDataset()
        : this(CifarFormat.Cifar100Released(), new HttpCifarFetcher())
    {
    }

    /// <summary>Tests use small files, their own archive address and a fake or local fetcher.</summary>
    internal Cifar100ReleasedDataset(CifarFormat format, ICifarFetcher fetcher)
    {
        _loader = new CifarSplitLoader(format, fetcher);
        _padding = CropPadding.BlackPixels(format.Mean, format.Std);
    }

    /// <inheritdoc />
    public string Name => "cifar100-released";

    /// <inheritdoc />
    public string Description => "CIFAR-100 (fine labels) with the released FreeTickets code's zero-padded (black) training crops, 3x32x32, 50k/10k (the files of cifar100)";

    /// <inheritdoc />
    public DatasetSpec Spec => _loader.Format.Spec;

    /// <inheritdoc />
    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options) => _loader.Load(split, options);

    /// <inheritdoc />
    public Tensor Augment(Tensor batch, Generator generator) => CropFlipAugmentation.Apply(batch, generator, _padding);
}
