using FreeTickets.Abstractions;
using FreeTickets.Plugins.Shared;

namespace FreeTickets.Plugins.Dataset.Mnist;

/// <summary>
/// Fashion-MNIST (Xiao et al. 2017): 28x28 grey clothing images in 10 classes, 60,000/10,000, in MNIST's IDX
/// format (raw or .gz). Taken from, in order: <c>&lt;data root&gt;/fashion-mnist/</c>; Debian's
/// <c>/usr/share/datasets/fashion-mnist/</c> (package <c>dataset-fashion-mnist</c>, installed); the canonical download
/// (Zalando's S3 site); Debian's package fetched with <c>apt-get download</c> and unpacked into the data root without
/// installing it. Fetched files are checked against the SHA-256 of their uncompressed content. Normalised with the
/// training-set statistics (mean 0.2860, std 0.3530).
/// </summary>
public sealed class FashionMnistDataset : IDataset
{
    private const string DebianFolder = "/usr/share/datasets/fashion-mnist";
    private const string DebianPackageName = "dataset-fashion-mnist";

    private readonly IdxImageSet _set;
    private readonly IdxLocator _locator;

    /// <summary>The real dataset.</summary>
    public FashionMnistDataset()
        : this(60_000, 10_000, DebianFolder,
            [
                new HttpIdxFetcher(HttpIdxFetcher.DefaultHandler(), "fashion-mnist", CanonicalUri, FileSha256),
                new DebianIdxFetcher(new SystemProcessRunner(), "fashion-mnist", DebianPackageName, DebianFolder.TrimStart('/'), FileSha256),
            ])
    {
    }

    /// <summary>Tests use small files, their own (or no) system folder and stand-in fetchers.</summary>
    internal FashionMnistDataset(int trainSize, int testSize, string? systemFolder, IReadOnlyList<IIdxFetcher> fetchers)
    {
        _set = new IdxImageSet(trainSize, testSize, 0.2860f, 0.3530f);
        _locator = new IdxLocator(
            "fashion-mnist",
            systemFolder is null ? [] : [systemFolder],
            fetchers,
            $"put the four Fashion-MNIST IDX files ({string.Join(", ", IdxImageSet.FileNames)}; raw or .gz, from " +
            $"github.com/zalandoresearch/fashion-mnist) there, or on Debian/Ubuntu run `sudo apt-get install {DebianPackageName}` " +
            $"(installs them in {DebianFolder})");
    }

    /// <summary>Where Zalando publishes the four files, gzip-compressed.</summary>
    internal static Uri CanonicalUri { get; } = new("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /// <summary>
    /// SHA-256 of the four files' uncompressed content, by base name: one value fits Zalando's .gz files and Debian's,
    /// which were recompressed (measured on dataset-fashion-mnist 0.0~git20200523.55506a9-1).
    /// </summary>
    internal static IReadOnlyDictionary<string, string> FileSha256 { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["train-images-idx3-ubyte"] = "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        ["train-labels-idx1-ubyte"] = "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        ["t10k-images-idx3-ubyte"] = "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        ["t10k-labels-idx1-ubyte"] = "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    };

    /// <inheritdoc />
    public string Name => "fashion-mnist";

    /// <inheritdoc />
    public string Description => "Fashion-MNIST, 1x28x28, 60k/10k (IDX, raw or .gz; Debian's folder, else downloaded or taken from Debian's package when missing)";

    /// <inheritdoc />
    public DatasetSpec Spec => _set.Spec;

    /// <inheritdoc />
    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options) =>
        _set.Load(_locator.Locate(options.DataRoot, options.Log), split, options.Device);
}
