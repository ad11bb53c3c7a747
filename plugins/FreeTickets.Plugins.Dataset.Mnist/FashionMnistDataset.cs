using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Mnist;

/// <summary>
/// Fashion-MNIST (Xiao et al. 2017): 28x28 grey clothing images in 10 classes, 60,000/10,000, in MNIST's IDX
/// format (raw or .gz) in <c>&lt;data root&gt;/fashion-mnist/</c>, else in Debian's
/// <c>/usr/share/datasets/fashion-mnist/</c> (package <c>dataset-fashion-mnist</c>). Normalised with the
/// training-set statistics (mean 0.2860, std 0.3530).
/// </summary>
public sealed class FashionMnistDataset : IDataset
{
    private const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    private readonly IdxImageSet _set;
    private readonly string? _systemFolder;

    /// <summary>The real dataset.</summary>
    public FashionMnistDataset()
        : this(60_000, 10_000, DebianFolder)
    {
    }

    /// <summary>Tests use small files and their own (or no) system folder.</summary>
    internal FashionMnistDataset(int trainSize, int testSize, string? systemFolder)
    {
        _set = new IdxImageSet(trainSize, testSize, 0.2860f, 0.3530f);
        _systemFolder = systemFolder;
    }

    /// <inheritdoc />
    public string Name => "fashion-mnist";

    /// <inheritdoc />
    public string Description => "Fashion-MNIST, 1x28x28, 60k/10k (IDX, raw or .gz; also Debian's dataset-fashion-mnist)";

    /// <inheritdoc />
    public DatasetSpec Spec => _set.Spec;

    /// <inheritdoc />
    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options)
    {
        var folder = Path.Combine(options.DataRoot, "fashion-mnist");
        if (IdxImageSet.IsComplete(folder))
        {
            return _set.Load(folder, split, options.Device);
        }

        if (_systemFolder is not null && IdxImageSet.IsComplete(_systemFolder))
        {
            return _set.Load(_systemFolder, split, options.Device);
        }

        throw new DatasetException(
            $"fashion-mnist: missing {string.Join(", ", IdxImageSet.Missing(folder))} in {folder}: put the four Fashion-MNIST IDX files " +
            $"({string.Join(", ", IdxImageSet.FileNames)}; raw or .gz, from github.com/zalandoresearch/fashion-mnist) there, " +
            $"or on Debian/Ubuntu run `sudo apt-get install dataset-fashion-mnist` (installs them in {DebianFolder})");
    }
}
