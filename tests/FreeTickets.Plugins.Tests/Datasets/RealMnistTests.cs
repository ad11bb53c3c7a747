using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Mnist;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>
/// End-to-end checks on the real files; they pass vacuously unless FREETICKETS_DATA names a data root that
/// already holds them (never downloads). Run with <c>--filter Category=RealData</c>.
/// </summary>
[Trait("Category", "RealData")]
public sealed class RealMnistTests
{
    [Fact]
    public void Should_match_the_published_mnist_statistics()
    {
        var root = Environment.GetEnvironmentVariable("FREETICKETS_DATA");
        if (string.IsNullOrEmpty(root) || !Directory.Exists(Path.Combine(root, "mnist")))
        {
            return;
        }

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
