using System.Diagnostics.CodeAnalysis;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Cifar;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

public sealed class Cifar10ReleasedDatasetTests : IDisposable
{
    private const int PerBatch = 2;
    private const int Test = 3;
    private const int RecordBytes = 1 + CifarTestFiles.PixelBytes;

    private static readonly float[] _mean = [0.4914f, 0.4822f, 0.4465f];
    private static readonly float[] _releasedStd = [0.2023f, 0.1994f, 0.2010f];
    private static readonly float[] _pixelStd = [0.2470f, 0.2435f, 0.2616f];

    private readonly CifarTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Should_divide_by_the_released_std_When_decoding_a_hand_made_record()
    {
        var folder = _files.WriteCifar10("cifar10", PerBatch, Test);
        var records = new byte[Test * RecordBytes];
        records[0] = 7;                                   // label
        records[1 + 0] = 255;                             // R plane, row 0, column 0
        records[1 + 1024 + (32 * 2) + 3] = 128;           // G plane, row 2, column 3
        records[1 + 2048 + (32 * 31) + 31] = 51;          // B plane, row 31, column 31
        CifarTestFiles.Write(folder, "test_batch.bin", records);

        using var test = Dataset().Load(DatasetSplitKind.Test, Options());

        Assert.Equal([7L, 0, 0], test.Labels.data<long>().ToArray());
        Assert.Equal(2.5141f, test.Inputs[0, 0, 0, 0].item<float>(), 4);   // (1 - 0.4914) / 0.2023 (cifar10: 2.0591)
        Assert.Equal(0.0991f, test.Inputs[0, 1, 2, 3].item<float>(), 4);   // (128/255 - 0.4822) / 0.1994 (cifar10: 0.0812)
        Assert.Equal(-1.2264f, test.Inputs[0, 2, 31, 31].item<float>(), 4); // (51/255 - 0.4465) / 0.2010 (cifar10: -0.9423)
        Assert.Equal(-2.4291f, test.Inputs[1, 0, 0, 0].item<float>(), 4);  // (0 - 0.4914) / 0.2023 (cifar10: -1.9895)
    }

    [Fact]
    public void Should_normalise_every_generated_training_pixel_with_the_released_constants()
    {
        _files.WriteCifar10("cifar10", PerBatch, Test);

        using var train = Dataset().Load(DatasetSplitKind.Train, Options());

        Assert.Equal([5 * PerBatch, 3, 32, 32], train.Inputs.shape);
        Assert.Equal(Enumerable.Range(0, 5 * PerBatch).Select(i => (long)CifarTestFiles.Label(i, 10)), train.Labels.data<long>().ToArray());
        foreach (var (i, c, p) in new[] { (0, 0, 0), (3, 1, 100), (9, 2, 1023), (6, 2, 517), (4, 0, 33) })
        {
            var expected = ((CifarTestFiles.Pixel(i, c, p) / 255f) - _mean[c]) / _releasedStd[c];
            Assert.Equal(expected, train.Inputs[i, c, p / 32, p % 32].item<float>(), 5);
        }

        for (var c = 0; c < 3; c++)
        {
            Assert.Equal((0f - _mean[c]) / _releasedStd[c], train.Inputs.select(1, c).min().item<float>(), 5);
            Assert.Equal((1f - _mean[c]) / _releasedStd[c], train.Inputs.select(1, c).max().item<float>(), 5);
        }
    }

    [Fact]
    public void Should_read_the_cifar10_folder_and_differ_from_cifar10_only_by_the_std()
    {
        _files.WriteCifar10("cifar10", PerBatch, Test);
        var cifar10 = new Cifar10Dataset(CifarFormat.Cifar10(PerBatch, Test), new RecordingFetcher());

        using var released = Dataset().Load(DatasetSplitKind.Train, Options());
        using var own = cifar10.Load(DatasetSplitKind.Train, Options());

        Assert.True(TensorComparison.Same(released.Labels, own.Labels));
        using var releasedStd = tensor(_releasedStd).reshape(1, 3, 1, 1);
        using var pixelStd = tensor(_pixelStd).reshape(1, 3, 1, 1);
        using var releasedCentred = released.Inputs * releasedStd;
        using var ownCentred = own.Inputs * pixelStd;
        Assert.True(releasedCentred.allclose(ownCentred, rtol: 0, atol: 1e-5), "x * std differs: the mean or the pixels are not cifar10's");
        using var ratio = released.Inputs.abs().max() / own.Inputs.abs().max();
        Assert.InRange(ratio.item<float>(), 1.2f, 1.31f);
        Assert.Equal(["cifar10"], Directory.GetDirectories(_files.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void Should_state_the_released_constants_in_its_spec()
    {
        var dataset = new Cifar10ReleasedDataset();

        Assert.Equal("cifar10-released", dataset.Name);
        Assert.Equal([3L, 32, 32], dataset.Spec.InputShape);
        Assert.Equal(10, dataset.Spec.NumClasses);
        Assert.Equal(50_000, dataset.Spec.TrainSize);
        Assert.Equal(10_000, dataset.Spec.TestSize);
        Assert.NotNull(dataset.Spec.Normalization);
        Assert.Equal(_mean, dataset.Spec.Normalization.Mean);
        Assert.Equal(_releasedStd, dataset.Spec.Normalization.Std);
        Assert.Equal(_pixelStd, new Cifar10Dataset().Spec.Normalization!.Std);
    }

    [Fact]
    public void Should_fetch_the_cifar10_archive_into_the_cifar10_folder_and_name_itself_When_files_are_missing()
    {
        var fetcher = new RecordingFetcher();

        var ex = Assert.Throws<DatasetException>(() => Dataset(fetcher).Load(DatasetSplitKind.Train, Options()));

        var root = Path.Combine(_files.Root, "cifar10");
        var canonical = CifarFormat.Cifar10().Archive;
        Assert.Equal([root], fetcher.Folders);
        var archive = Assert.Single(fetcher.Archives);
        Assert.Equal(canonical with { DatasetName = "cifar10-released" }, archive);
        Assert.StartsWith($"cifar10-released: missing data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin in {root}:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (MD5 c32a1d4ab5d03f1284b67883e8d87530)", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"extract it into {root} (it unpacks to cifar-10-batches-bin/)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_read_the_archive_folder_inside_the_cifar10_folder()
    {
        _files.WriteCifar10(Path.Combine("cifar10", "cifar-10-batches-bin"), PerBatch, Test);
        var fetcher = new RecordingFetcher();

        using var test = Dataset(fetcher).Load(DatasetSplitKind.Test, Options());

        Assert.Equal(Test, test.Count);
        Assert.Empty(fetcher.Folders);
    }

    [Fact]
    public void Should_augment_exactly_as_cifar10_does_with_reflected_borders()
    {
        using var source = new Generator(3);
        using var batch = rand([8, 3, 32, 32], generator: source);
        using var g1 = new Generator(5);
        using var g2 = new Generator(5);

        using var released = ((IDataset)Dataset()).Augment(batch, g1);
        using var own = ((IDataset)new Cifar10Dataset(CifarFormat.Cifar10(PerBatch, Test), new RecordingFetcher())).Augment(batch, g2);

        Assert.True(TensorComparison.Same(released, own));
        Assert.False(TensorComparison.Same(released, batch));
    }

    private Cifar10ReleasedDataset Dataset(ICifarFetcher? fetcher = null) => new(CifarFormat.Cifar10Released(PerBatch, Test), fetcher ?? new RecordingFetcher());

    private DatasetLoadOptions Options() => new(_files.Root, CPU, Seed: 0);

    /// <summary>Records what it was asked to fetch and fails as without a network.</summary>
    private sealed class RecordingFetcher : ICifarFetcher
    {
        public List<CifarArchive> Archives { get; } = [];

        public List<string> Folders { get; } = [];

        public bool TryFetch(CifarArchive archive, string folder, IReadOnlyCollection<string> expectedFiles, Action<string>? log, [NotNullWhen(false)] out string? reason)
        {
            Archives.Add(archive);
            Folders.Add(folder);
            reason = "no network";
            return false;
        }
    }
}
