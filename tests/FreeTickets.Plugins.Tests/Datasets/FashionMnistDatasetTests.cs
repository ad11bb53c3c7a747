using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Mnist;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

public sealed class FashionMnistDatasetTests : IDisposable
{
    private const int Train = 20;
    private const int Test = 10;

    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Should_normalise_with_fashion_statistics()
    {
        _files.WriteSet("fashion-mnist", Train, Test, gz: true);

        using var test = new FashionMnistDataset(Train, Test, systemFolder: null, fetchers: []).Load(DatasetSplitKind.Test, Options());

        var expected = ((IdxTestFiles.Pixel(2, 10) / 255f) - 0.2860f) / 0.3530f;
        Assert.Equal(expected, test.Inputs[2, 0, 0, 10].item<float>(), 5);
        Assert.Equal([Test, 1, 28, 28], test.Inputs.shape);
    }

    [Fact]
    public void Should_use_the_system_folder_When_data_root_has_no_files()
    {
        var system = _files.WriteSet("system-fashion", Train, Test, gz: true);

        using var train = new FashionMnistDataset(Train, Test, system, fetchers: []).Load(DatasetSplitKind.Train, Options());

        Assert.Equal(Train, train.Count);
    }

    [Fact]
    public void Should_point_to_the_debian_package_When_files_are_missing()
    {
        var system = Path.Combine(_files.Root, "none");
        var ex = Assert.Throws<DatasetException>(
            () => new FashionMnistDataset(Train, Test, system, fetchers: []).Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith($"fashion-mnist: missing train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte in {Path.Combine(_files.Root, "fashion-mnist")}: tried {system} (not there); put the four", ex.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install dataset-fashion-mnist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_be_named_fashion_mnist() => Assert.Equal("fashion-mnist", new FashionMnistDataset().Name);

    private DatasetLoadOptions Options() => new(_files.Root, CPU, Seed: 0);
}
