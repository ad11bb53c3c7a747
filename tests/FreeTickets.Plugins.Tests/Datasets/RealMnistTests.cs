using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Mnist;
using FreeTickets.Tests.Shared;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>
/// End-to-end checks on the real files; they are skipped unless FREETICKETS_DATA names a data root that already holds
/// them (never downloads). Run with <c>--filter Category=RealData</c>.
/// </summary>
[Trait(TestCategories.Category, TestCategories.RealData)]
public sealed class RealMnistTests
{
    private static string? Root => Environment.GetEnvironmentVariable("FREETICKETS_DATA");

    /// <summary>Null when the files are there, else why the test is skipped.</summary>
    private static string? MissingMnist =>
        string.IsNullOrEmpty(Root) || !Directory.Exists(Path.Combine(Root, "mnist"))
            ? "needs FREETICKETS_DATA naming a data root that holds mnist/ (never downloads)"
            : null;

    [EnvironmentFact(typeof(RealMnistTests), nameof(MissingMnist))]
    public void Should_match_the_published_mnist_statistics()
    {
        var root = Root!;
        var dataset = new MnistDataset();
        var options = new DatasetLoadOptions(root, CPU, Seed: 0);
        using var train = dataset.Load(DatasetSplitKind.Train, options);
        using var test = dataset.Load(DatasetSplitKind.Test, options);

        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal([5923L, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949], train.Labels.bincount(null, 10).data<long>().ToArray());
        Assert.Equal([980L, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], test.Labels.bincount(null, 10).data<long>().ToArray());
        using var raw = (train.Inputs * 0.3081f) + 0.1307f;
        Assert.Equal(0.1307, raw.mean().item<float>(), 3);
        Assert.Equal(0.3081, raw.std().item<float>(), 3);
    }
}
