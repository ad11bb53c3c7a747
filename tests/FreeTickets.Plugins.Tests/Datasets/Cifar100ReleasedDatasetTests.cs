using System.Diagnostics.CodeAnalysis;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Cifar;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

public sealed class Cifar100ReleasedDatasetTests : IDisposable
{
    private const int Train = 6;
    private const int Test = 4;
    private const int RecordBytes = 2 + CifarTestFiles.PixelBytes;

    private static readonly float[] _mean = [0.5071f, 0.4865f, 0.4409f];
    private static readonly float[] _std = [0.2673f, 0.2564f, 0.2762f];

    private readonly CifarTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Should_put_exactly_the_loaded_black_pixel_in_the_border_where_reflection_puts_pixel_values()
    {
        // Record 0: generated pixels; record 1: every pixel 0, i.e. what the loader makes of a black pixel.
        var folder = _files.WriteCifar100("cifar100", Train, Test);
        var records = CifarTestFiles.Records(1000, Test, 100, coarse: true);
        Array.Clear(records, RecordBytes + 2, CifarTestFiles.PixelBytes);
        CifarTestFiles.Write(folder, "test.bin", records);
        using var test = Dataset().Load(DatasetSplitKind.Test, Options());
        using var image = test.Inputs[0];
        using var black = test.Inputs[1];
        using var batch = stack([image, image]);
        using var top = tensor(new long[] { 0, 8 });
        using var left = tensor(new long[] { 0, 8 });
        using var flip = tensor(new[] { false, true });

        using var zeroPadded = CropFlipAugmentation.Apply(batch, top, left, flip, CropPadding.BlackPixels(_mean, _std));
        using var reflected = CropFlipAugmentation.Apply(batch, top, left, flip, CropPadding.Reflect);

        for (var c = 0; c < 3; c++)
        {
            Assert.Equal((0f - _mean[c]) / _std[c], black[c, 0, 0].item<float>());
        }

        // Top-left crop: rows 0..3 and columns 0..3 are the frame; the image fills the rest, shifted by 4.
        using var topLeft = black.clone();
        topLeft.narrow(1, 4, 28).narrow(2, 4, 28).copy_(image.narrow(1, 0, 28).narrow(2, 0, 28));
        Assert.True(TensorComparison.Same(zeroPadded[0], topLeft), "top-left crop: frame is not exactly the normalised black pixel");

        // Bottom-right crop, flipped: rows 28..31 and (after the flip) columns 0..3 are the frame.
        using var bottomRight = black.clone();
        using var flipped = image.narrow(1, 4, 28).narrow(2, 4, 28).flip(2);
        bottomRight.narrow(1, 0, 28).narrow(2, 4, 28).copy_(flipped);
        Assert.True(TensorComparison.Same(zeroPadded[1], bottomRight), "bottom-right flipped crop: frame is not exactly the normalised black pixel");

        // Reflection puts image pixels where the frame is: padded (y, x) of the top-left crop is image (|y - 4|, |x - 4|).
        for (var c = 0; c < 3; c++)
        {
            foreach (var (y, x) in new[] { (0, 0), (0, 17), (3, 2), (2, 31), (17, 1) })
            {
                var expected = image[c, Math.Abs(y - 4), Math.Abs(x - 4)].item<float>();
                Assert.Equal(expected, reflected[0, c, y, x].item<float>());
                Assert.Equal(black[c, 0, 0].item<float>(), zeroPadded[0, c, y, x].item<float>());
            }
        }

        using var interiorZero = zeroPadded[0].narrow(1, 4, 28).narrow(2, 4, 28);
        using var interiorReflected = reflected[0].narrow(1, 4, 28).narrow(2, 4, 28);
        Assert.True(TensorComparison.Same(interiorZero, interiorReflected));
    }

    [Fact]
    public void Should_frame_its_training_crops_in_black_and_draw_the_same_crops_and_flips_as_cifar100()
    {
        _files.WriteCifar100("cifar100", Train, Test);
        using var train = Dataset().Load(DatasetSplitKind.Train, Options());
        using var g1 = new Generator(9);
        using var g2 = new Generator(9);
        using var g3 = new Generator(9);

        using var released = ((IDataset)Dataset()).Augment(train.Inputs, g1);
        using var own = ((IDataset)new Cifar100Dataset(CifarFormat.Cifar100(Train, Test), new RecordingFetcher())).Augment(train.Inputs, g2);
        using var core = CropFlipAugmentation.Apply(train.Inputs, g3, CropPadding.BlackPixels(_mean, _std));

        Assert.True(TensorComparison.Same(released, core));
        using var differs = released.ne(own);
        Assert.True(differs.any().item<bool>(), "the black frame never showed");
        for (var c = 0; c < 3; c++)
        {
            using var where = differs.select(1, c);
            using var values = released.select(1, c).masked_select(where);
            using var isBlack = values.eq((0f - _mean[c]) / _std[c]);
            Assert.True(isBlack.all().item<bool>(), $"channel {c}: a pixel that differs from cifar100's crop is not the black pixel");
        }

        using var next1 = randint(0, 1000, [4], generator: g1);
        using var next2 = randint(0, 1000, [4], generator: g2);
        Assert.True(TensorComparison.Same(next1, next2), "the padding changed how many numbers were drawn");
    }

    [Fact]
    public void Should_load_exactly_what_cifar100_loads_from_the_cifar100_folder()
    {
        _files.WriteCifar100("cifar100", Train, Test);
        var cifar100 = new Cifar100Dataset(CifarFormat.Cifar100(Train, Test), new RecordingFetcher());

        foreach (var split in new[] { DatasetSplitKind.Train, DatasetSplitKind.Test })
        {
            using var released = Dataset().Load(split, Options());
            using var own = cifar100.Load(split, Options());

            Assert.True(TensorComparison.Same(released.Inputs, own.Inputs), $"{split} inputs differ");
            Assert.True(TensorComparison.Same(released.Labels, own.Labels), $"{split} labels differ");
        }

        Assert.Equal(["cifar100"], Directory.GetDirectories(_files.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void Should_fetch_the_cifar100_archive_into_the_cifar100_folder_and_name_itself_When_files_are_missing()
    {
        var fetcher = new RecordingFetcher();

        var ex = Assert.Throws<DatasetException>(() => Dataset(fetcher).Load(DatasetSplitKind.Test, Options()));

        var root = Path.Combine(_files.Root, "cifar100");
        Assert.Equal([root], fetcher.Folders);
        Assert.Equal(CifarFormat.Cifar100().Archive with { DatasetName = "cifar100-released" }, Assert.Single(fetcher.Archives));
        Assert.StartsWith($"cifar100-released: missing train.bin, test.bin in {root}:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz (MD5 03b5dce01913d631647c71ecec9e9cb8)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_read_the_archive_folder_inside_the_cifar100_folder()
    {
        _files.WriteCifar100(Path.Combine("cifar100", "cifar-100-binary"), Train, Test);

        using var train = Dataset().Load(DatasetSplitKind.Train, Options());

        Assert.Equal(Train, train.Count);
    }

    [Fact]
    public void Should_describe_the_real_dataset_with_the_cifar100_normalisation()
    {
        var dataset = new Cifar100ReleasedDataset();

        Assert.Equal("cifar100-released", dataset.Name);
        Assert.Equal([3L, 32, 32], dataset.Spec.InputShape);
        Assert.Equal(100, dataset.Spec.NumClasses);
        Assert.Equal(50_000, dataset.Spec.TrainSize);
        Assert.Equal(10_000, dataset.Spec.TestSize);
        Assert.NotNull(dataset.Spec.Normalization);
        Assert.Equal(_mean, dataset.Spec.Normalization.Mean);
        Assert.Equal(_std, dataset.Spec.Normalization.Std);
    }

    private Cifar100ReleasedDataset Dataset(ICifarFetcher? fetcher = null) => new(CifarFormat.Cifar100Released(Train, Test), fetcher ?? new RecordingFetcher());

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
            reason = "offline";
            return false;
        }
    }
}
