extern alias digits;

using digits::FreeTickets.Plugins.Dataset.Digits;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Mnist;
using FreeTickets.Plugins.Shared;
using FreeTickets.Tests.Shared;
using static TorchSharp.torch;
using DigitsShared = digits::FreeTickets.Plugins.Shared;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>
/// The real <c>apt-get download</c> + <c>dpkg-deb -x</c> into a fresh data root (31 MB for Fashion-MNIST, 2 MB for
/// python3-sklearn). They are skipped unless FREETICKETS_TEST_APT=1, as they need Debian's package lists and the
/// network: <c>FREETICKETS_TEST_APT=1 dotnet test --filter Category=RealData</c>.
/// </summary>
[Trait(TestCategories.Category, TestCategories.RealData)]
public sealed class RealDebianFetchTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-apt-").FullName;
    private readonly List<string> _log = [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Null when enabled, else why the tests are skipped.</summary>
    private static string? NotEnabled =>
        Environment.GetEnvironmentVariable("FREETICKETS_TEST_APT") == "1"
            ? null
            : "needs FREETICKETS_TEST_APT=1 (Debian's package lists and the network)";

    [EnvironmentFact(typeof(RealDebianFetchTests), nameof(NotEnabled))]
    public void Should_take_fashion_mnist_out_of_dataset_fashion_mnist()
    {
        var apt = new DebianIdxFetcher(new SystemProcessRunner(), "fashion-mnist", "dataset-fashion-mnist", "usr/share/datasets/fashion-mnist", FashionMnistDataset.FileSha256);
        var dataset = new FashionMnistDataset(60_000, 10_000, systemFolder: null, [apt]);

        using var test = dataset.Load(DatasetSplitKind.Test, Options());
        using var train = dataset.Load(DatasetSplitKind.Train, Options());

        Assert.Equal(Enumerable.Repeat(1000L, 10), test.Labels.bincount(null, 10).data<long>().ToArray());
        Assert.Equal(Enumerable.Repeat(6000L, 10), train.Labels.bincount(null, 10).data<long>().ToArray());
        Assert.Contains(_log, l => l.StartsWith("fashion-mnist: 4 file(s) from dataset-fashion-mnist_", StringComparison.Ordinal));
    }

    [EnvironmentFact(typeof(RealDebianFetchTests), nameof(NotEnabled))]
    public void Should_take_digits_out_of_python3_sklearn()
    {
        using var test = new DigitsDataset(1797, systemPath: null, new DigitsShared.SystemProcessRunner(), DigitsDataset.ContentSha256)
            .Load(DatasetSplitKind.Test, Options());

        Assert.Equal(360, test.Count);
        Assert.True(File.Exists(Path.Combine(_root, "digits", "digits.csv.gz")));
    }

    private DatasetLoadOptions Options() => new(_root, CPU, Seed: 0, _log.Add);
}
