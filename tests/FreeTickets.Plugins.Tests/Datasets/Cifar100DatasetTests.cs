using System.Diagnostics.CodeAnalysis;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Cifar;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

public sealed class Cifar100DatasetTests : IDisposable
{
    private const int Train = 6;
    private const int Test = 4;
    private const int RecordBytes = 2 + CifarTestFiles.PixelBytes;

    private readonly CifarTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Should_use_the_fine_label_and_skip_both_label_bytes()
    {
        var folder = _files.WriteCifar100("cifar100", Train, Test);
        var records = new byte[Test * RecordBytes];
        records[0] = 19;                               // coarse label (ignored)
        records[1] = 42;                               // fine label
        records[2] = 255;                              // R plane, row 0, column 0
        records[2 + 1024 + 1] = 102;                   // G plane, row 0, column 1
        records[RecordBytes] = 3;
        records[RecordBytes + 1] = 99;
        CifarTestFiles.Write(folder, "test.bin", records);

        using var test = Dataset().Load(DatasetSplitKind.Test, Options());

        Assert.Equal([42L, 99, 0, 0], test.Labels.data<long>().ToArray());
        Assert.Equal(1.8440f, test.Inputs[0, 0, 0, 0].item<float>(), 4);   // (1 - 0.5071) / 0.2673
        Assert.Equal(-0.3374f, test.Inputs[0, 1, 0, 1].item<float>(), 4);  // (102/255 - 0.4865) / 0.2564
        Assert.Equal(-1.8974f, test.Inputs[0, 1, 0, 0].item<float>(), 4);  // (0 - 0.4865) / 0.2564
        Assert.Equal(-1.5963f, test.Inputs[1, 2, 5, 5].item<float>(), 4);  // (0 - 0.4409) / 0.2762
    }

    [Fact]
    public void Should_load_the_training_file_with_fine_labels()
    {
        _files.WriteCifar100("cifar100", Train, Test);

        using var train = Dataset().Load(DatasetSplitKind.Train, Options());

        Assert.Equal([Train, 3, 32, 32], train.Inputs.shape);
        Assert.Equal(Enumerable.Range(0, Train).Select(i => (long)CifarTestFiles.Label(i, 100)), train.Labels.data<long>().ToArray());
        var expected = ((CifarTestFiles.Pixel(5, 2, 700) / 255f) - 0.4409f) / 0.2762f;
        Assert.Equal(expected, train.Inputs[5, 2, 700 / 32, 700 % 32].item<float>(), 5);
    }

    [Fact]
    public void Should_read_the_files_from_the_archive_folder_inside_the_dataset_folder()
    {
        _files.WriteCifar100(Path.Combine("cifar100", "cifar-100-binary"), Train, Test);

        using var train = Dataset().Load(DatasetSplitKind.Train, Options());

        Assert.Equal(Train, train.Count);
    }

    [Fact]
    public void Should_reject_a_coarse_label_outside_0_to_19()
    {
        var folder = _files.WriteCifar100("cifar100", Train, Test);
        var records = CifarTestFiles.Records(0, Train, 100, coarse: true);
        records[2 * RecordBytes] = 20;
        var path = CifarTestFiles.Write(folder, "train.bin", records);

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(path + ": coarse label 20 of record 2 is outside 0..19", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_a_fine_label_outside_0_to_99()
    {
        var folder = _files.WriteCifar100("cifar100", Train, Test);
        var records = CifarTestFiles.Records(1000, Test, 100, coarse: true);
        records[1] = 100;
        var path = CifarTestFiles.Write(folder, "test.bin", records);

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Test, Options()));

        Assert.StartsWith(path + ": fine label 100 of record 0 is outside 0..99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_a_cifar10_file_in_place_of_a_cifar100_file()
    {
        var folder = _files.WriteCifar100("cifar100", Train, Test);
        // 3073-byte records where 3074-byte ones are expected: the sizes cannot line up.
        var path = CifarTestFiles.Write(folder, "train.bin", CifarTestFiles.Records(0, Train, 10, coarse: false));

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(path + ": truncated: expected 18444 bytes (6 records of 3074 bytes: coarse and fine label bytes + 3072 pixel bytes), found 18438", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_point_to_the_cifar100_archive_When_files_are_missing()
    {
        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Test, Options()));

        Assert.StartsWith($"cifar100: missing train.bin, test.bin in {Path.Combine(_files.Root, "cifar100")}:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz (MD5 03b5dce01913d631647c71ecec9e9cb8)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_describe_the_real_dataset()
    {
        var dataset = new Cifar100Dataset();

        Assert.Equal("cifar100", dataset.Name);
        Assert.Equal([3L, 32, 32], dataset.Spec.InputShape);
        Assert.Equal(100, dataset.Spec.NumClasses);
        Assert.Equal(50_000, dataset.Spec.TrainSize);
        Assert.Equal(10_000, dataset.Spec.TestSize);
    }

    private Cifar100Dataset Dataset() => new(CifarFormat.Cifar100(Train, Test), new NoFetcher());

    private DatasetLoadOptions Options() => new(_files.Root, CPU, Seed: 0);

    private sealed class NoFetcher : ICifarFetcher
    {
        public bool TryFetch(CifarArchive archive, string folder, IReadOnlyCollection<string> expectedFiles, Action<string>? log, [NotNullWhen(false)] out string? reason)
        {
            reason = "offline";
            return false;
        }
    }
}
