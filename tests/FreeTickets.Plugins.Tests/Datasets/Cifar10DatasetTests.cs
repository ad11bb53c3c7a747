using System.Diagnostics.CodeAnalysis;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Cifar;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

public sealed class Cifar10DatasetTests : IDisposable
{
    private const int PerBatch = 2;
    private const int Test = 3;
    private const int RecordBytes = 1 + CifarTestFiles.PixelBytes;

    private static readonly float[] _mean = [0.4914f, 0.4822f, 0.4465f];
    private static readonly float[] _std = [0.2470f, 0.2435f, 0.2616f];

    private readonly CifarTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Should_decode_the_label_and_the_R_G_B_planes_of_a_hand_made_record()
    {
        var folder = _files.WriteCifar10("cifar10", PerBatch, Test);
        var records = new byte[Test * RecordBytes];
        records[0] = 7;                                   // label
        records[1 + 0] = 255;                             // R plane, row 0, column 0
        records[1 + 1024 + (32 * 2) + 3] = 128;           // G plane, row 2, column 3
        records[1 + 2048 + (32 * 31) + 31] = 51;          // B plane, row 31, column 31
        records[RecordBytes] = 9;                         // second record: label 9, all pixels 0
        CifarTestFiles.Write(folder, "test_batch.bin", records);

        using var test = Dataset().Load(DatasetSplitKind.Test, Options());

        Assert.Equal([7L, 9, 0], test.Labels.data<long>().ToArray());
        Assert.Equal(2.0591f, test.Inputs[0, 0, 0, 0].item<float>(), 4);   // (1 - 0.4914) / 0.2470
        Assert.Equal(0.0812f, test.Inputs[0, 1, 2, 3].item<float>(), 4);   // (128/255 - 0.4822) / 0.2435
        Assert.Equal(-0.9423f, test.Inputs[0, 2, 31, 31].item<float>(), 4); // (51/255 - 0.4465) / 0.2616
        Assert.Equal(-1.9895f, test.Inputs[0, 0, 2, 3].item<float>(), 4);  // R is 0 where only G was set
        Assert.Equal(-1.9895f, test.Inputs[1, 0, 0, 0].item<float>(), 4);
    }

    [Fact]
    public void Should_load_the_five_training_batches_in_order_as_float_images_and_int64_labels()
    {
        _files.WriteCifar10("cifar10", PerBatch, Test);

        using var train = Dataset().Load(DatasetSplitKind.Train, Options());

        Assert.Equal([5 * PerBatch, 3, 32, 32], train.Inputs.shape);
        Assert.Equal(ScalarType.Float32, train.Inputs.dtype);
        Assert.Equal(ScalarType.Int64, train.Labels.dtype);
        Assert.Equal(Enumerable.Range(0, 5 * PerBatch).Select(i => (long)CifarTestFiles.Label(i, 10)), train.Labels.data<long>().ToArray());
        foreach (var (i, c, p) in new[] { (0, 0, 0), (3, 1, 100), (9, 2, 1023), (6, 2, 517), (4, 0, 33) })
        {
            var expected = ((CifarTestFiles.Pixel(i, c, p) / 255f) - _mean[c]) / _std[c];
            Assert.Equal(expected, train.Inputs[i, c, p / 32, p % 32].item<float>(), 5);
        }
    }

    [Fact]
    public void Should_map_0_and_255_to_the_per_channel_normalisation_bounds()
    {
        _files.WriteCifar10("cifar10", PerBatch, Test);

        using var train = Dataset().Load(DatasetSplitKind.Train, Options());

        for (var c = 0; c < 3; c++)
        {
            Assert.Equal((0f - _mean[c]) / _std[c], train.Inputs.select(1, c).min().item<float>(), 5);
            Assert.Equal((1f - _mean[c]) / _std[c], train.Inputs.select(1, c).max().item<float>(), 5);
        }
    }

    [Fact]
    public void Should_read_the_files_from_the_archive_folder_inside_the_dataset_folder()
    {
        _files.WriteCifar10(Path.Combine("cifar10", "cifar-10-batches-bin"), PerBatch, Test);

        using var test = Dataset().Load(DatasetSplitKind.Test, Options());

        Assert.Equal(Test, test.Count);
        Assert.Equal(CifarTestFiles.Label(1000, 10), test.Labels[0].item<long>());
    }

    [Fact]
    public void Should_report_expected_and_found_bytes_When_a_file_is_truncated()
    {
        var folder = _files.WriteCifar10("cifar10", PerBatch, Test);
        var path = CifarTestFiles.Write(folder, "test_batch.bin", CifarTestFiles.Records(1000, Test, 10, coarse: false)[..^100]);

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Test, Options()));

        Assert.StartsWith(path + ": truncated: expected 9219 bytes (3 records of 3073 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("found 9119 (not a whole number of records)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Should_reject_a_file_with_an_extra_record()
    {
        var folder = _files.WriteCifar10("cifar10", PerBatch, Test);
        var path = CifarTestFiles.Write(folder, "data_batch_4.bin", CifarTestFiles.Records(0, PerBatch + 1, 10, coarse: false));

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(path + ": too long: expected 6146 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("found 9219 (3 records)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_a_file_with_a_missing_whole_record()
    {
        var folder = _files.WriteCifar10("cifar10", PerBatch, Test);
        CifarTestFiles.Write(folder, "test_batch.bin", CifarTestFiles.Records(1000, Test - 1, 10, coarse: false));

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Test, Options()));

        Assert.Contains("truncated: expected 9219 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("found 6146 (2 records)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_labels_outside_0_to_9()
    {
        var folder = _files.WriteCifar10("cifar10", PerBatch, Test);
        var records = CifarTestFiles.Records(2, PerBatch, 10, coarse: false);
        records[RecordBytes] = 10;
        var path = CifarTestFiles.Write(folder, "data_batch_2.bin", records);

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(path + ": label 10 of record 1 is outside 0..9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_say_where_to_put_which_files_and_where_to_get_them_When_download_is_impossible()
    {
        var fetcher = new FakeFetcher();

        var ex = Assert.Throws<DatasetException>(() => Dataset(fetcher).Load(DatasetSplitKind.Train, Options()));

        Assert.Equal(1, fetcher.Calls);
        var root = Path.Combine(_files.Root, "cifar10");
        Assert.StartsWith($"cifar10: missing data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin in {root}:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (MD5 c32a1d4ab5d03f1284b67883e8d87530)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unpacks to cifar-10-batches-bin/", ex.Message, StringComparison.Ordinal);
        Assert.Contains(": tried https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (no network); download ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Should_name_only_the_missing_files_of_a_partial_archive_folder()
    {
        var folder = _files.WriteCifar10(Path.Combine("cifar10", "cifar-10-batches-bin"), PerBatch, Test);
        File.Delete(Path.Combine(folder, "data_batch_3.bin"));

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Test, Options()));

        Assert.StartsWith($"cifar10: missing data_batch_3.bin in {folder}:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_load_what_the_fetcher_extracted_When_files_are_missing()
    {
        var fetcher = new FakeFetcher(folder => _files.WriteCifar10(Path.Combine("cifar10", "cifar-10-batches-bin"), PerBatch, Test));

        using var test = Dataset(fetcher).Load(DatasetSplitKind.Test, Options());

        Assert.Equal(1, fetcher.Calls);
        Assert.Equal(Test, test.Count);
    }

    [Fact]
    public void Should_not_fetch_When_files_are_present()
    {
        _files.WriteCifar10("cifar10", PerBatch, Test);
        var fetcher = new FakeFetcher();

        using var test = Dataset(fetcher).Load(DatasetSplitKind.Test, Options());

        Assert.Equal(0, fetcher.Calls);
    }

    [Fact]
    public void Should_describe_the_real_dataset()
    {
        var dataset = new Cifar10Dataset();

        Assert.Equal("cifar10", dataset.Name);
        Assert.Equal([3L, 32, 32], dataset.Spec.InputShape);
        Assert.Equal(10, dataset.Spec.NumClasses);
        Assert.Equal(50_000, dataset.Spec.TrainSize);
        Assert.Equal(10_000, dataset.Spec.TestSize);
    }

    [Fact]
    public void Should_augment_through_the_dataset_with_crops_and_flips()
    {
        using var source = new Generator(3);
        using var batch = rand([16, 3, 32, 32], generator: source);
        using var generator = new Generator(5);

        using var augmented = ((IDataset)Dataset()).Augment(batch, generator);

        Assert.Equal(batch.shape, augmented.shape);
        Assert.False(TensorComparison.Same(augmented, batch));
    }

    private Cifar10Dataset Dataset(ICifarFetcher? fetcher = null) => new(CifarFormat.Cifar10(PerBatch, Test), fetcher ?? new FakeFetcher());

    private DatasetLoadOptions Options() => new(_files.Root, CPU, Seed: 0);

    private sealed class FakeFetcher(Action<string>? write = null) : ICifarFetcher
    {
        public int Calls { get; private set; }

        public bool TryFetch(CifarArchive archive, string folder, IReadOnlyCollection<string> expectedFiles, Action<string>? log, [NotNullWhen(false)] out string? reason)
        {
            Calls++;
            write?.Invoke(folder);
            reason = write is null ? "no network" : null;
            return write is not null;
        }
    }
}
