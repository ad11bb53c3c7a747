using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Svhn;

/// <summary>
/// SVHN cropped digits (Netzer et al. 2011, "Reading Digits in Natural Images with Unsupervised Feature Learning"):
/// 32x32 colour house-number digits in 10 classes, 73,257 training and 26,032 test images, from the official MATLAB files
/// <c>train_32x32.mat</c> and <c>test_32x32.mat</c> in <c>&lt;data root&gt;/svhn/</c>. A missing file is downloaded from
/// ufldl.stanford.edu and checked against its published MD5; without a network one error says which files to put where.
/// Label 10 (the digit 0) becomes 0. Inputs are normalised per channel with the training-set statistics; there is no
/// augmentation (digits must not be flipped). Its main use is as the out-of-distribution set of CIFAR-10 models.
/// </summary>
public sealed class SvhnDataset : IDataset
{
    private readonly SvhnSplitLoader _loader;

    /// <summary>The real dataset.</summary>
    public SvhnDataset()
        : this(SvhnFormat.Official(), new HttpSvhnFetcher())
    {
    }

    /// <summary>Tests use small files, their own addresses and a fake or local fetcher.</summary>
    internal SvhnDataset(SvhnFormat format, ISvhnFetcher fetcher)
    {
        _loader = new SvhnSplitLoader(format, fetcher);
    }

    /// <inheritdoc />
    public string Name => SvhnFormat.Name;

    /// <inheritdoc />
    public string Description => "SVHN cropped digits, 3x32x32, 73k/26k (.mat files; downloaded from ufldl.stanford.edu when missing)";

    /// <inheritdoc />
    public DatasetSpec Spec => _loader.Format.Spec;

    /// <inheritdoc />
    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options) => _loader.Load(split, options);
}
