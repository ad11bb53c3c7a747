using System.Diagnostics.CodeAnalysis;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Svhn;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

public sealed class SvhnDatasetTests : IDisposable
{
    private const int Train = 5;
    private const int Test = 4;
    private const string TrainFile = "train_32x32.mat";
    private const string TestFile = "test_32x32.mat";

    private static readonly float[] _mean = [0.4377f, 0.4438f, 0.4728f];
    private static readonly float[] _std = [0.1980f, 0.2010f, 0.1970f];

    private readonly SvhnTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_put_pixel_h1_w2_c0_n3_at_index_3_0_1_2(bool compressed)
    {
        var pixels = new byte[Train * 3 * 32 * 32];
        pixels[SvhnTestFiles.Offset(h: 1, w: 2, c: 0, n: 3)] = 255;
        pixels[SvhnTestFiles.Offset(h: 31, w: 0, c: 2, n: 0)] = 51;
        _files.Write(TrainFile, SvhnTestFiles.MatFile(compressed, SvhnTestFiles.X(pixels, Train), SvhnTestFiles.Y([1, 2, 3, 4, 5])));

        using var train = Dataset().Load(DatasetSplitKind.Train, Options());

        Assert.Equal((1f - _mean[0]) / _std[0], train.Inputs[3, 0, 1, 2].item<float>(), 5);
        Assert.Equal(((51f / 255f) - _mean[2]) / _std[2], train.Inputs[0, 2, 31, 0].item<float>(), 5);
        Assert.Equal(-_mean[0] / _std[0], train.Inputs[3, 0, 2, 1].item<float>(), 5); // transposed position stays 0
        using var bright = train.Inputs.gt(-2f); // every zero pixel normalises below -2
        Assert.Equal(2, bright.sum().item<long>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_load_every_pixel_as_normalised_float32_NCHW_and_labels_as_int64(bool compressed)
    {
        _files.Write(TrainFile, SvhnTestFiles.SvhnFile(Train, compressed));

        using var train = Dataset().Load(DatasetSplitKind.Train, Options());

        Assert.Equal([Train, 3, 32, 32], train.Inputs.shape);
        Assert.Equal(ScalarType.Float32, train.Inputs.dtype);
        Assert.Equal(ScalarType.Int64, train.Labels.dtype);
        Assert.True(train.Inputs.is_contiguous());
        var expected = new float[Train * 3 * 32 * 32];
        for (var n = 0; n < Train; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var h = 0; h < 32; h++)
                {
                    for (var w = 0; w < 32; w++)
                    {
                        expected[(((((n * 3) + c) * 32) + h) * 32) + w] = ((SvhnTestFiles.Pixel(h, w, c, n) / 255f) - _mean[c]) / _std[c];
                    }
                }
            }
        }

        using var want = tensor(expected, [Train, 3, 32, 32]);
        Assert.True(train.Inputs.allclose(want, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Should_map_label_10_to_digit_0()
    {
        _files.Write(TrainFile, SvhnTestFiles.SvhnFile(Train));

        using var train = Dataset().Load(DatasetSplitKind.Train, Options());

        Assert.Equal([1L, 4, 7, 0, 3], train.Labels.data<long>().ToArray());
    }

    [Theory]
    [InlineData(SvhnTestFiles.MiUInt8, false)]
    [InlineData(SvhnTestFiles.MiDouble, false)]
    [InlineData(SvhnTestFiles.MiDouble, true)]
    public void Should_read_labels_whatever_their_storage_type_and_orientation(int storage, bool row)
    {
        _files.Write(TestFile, SvhnTestFiles.MatFile(true, SvhnTestFiles.X(SvhnTestFiles.Pixels(Test), Test), SvhnTestFiles.Y([10, 9, 1, 10], storage, row)));

        using var test = Dataset().Load(DatasetSplitKind.Test, Options());

        Assert.Equal([0L, 9, 1, 0], test.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Should_map_0_and_255_to_the_per_channel_normalisation_bounds()
    {
        _files.Write(TrainFile, SvhnTestFiles.SvhnFile(Train));

        using var train = Dataset().Load(DatasetSplitKind.Train, Options());

        for (var c = 0; c < 3; c++)
        {
            Assert.Equal((0f - _mean[c]) / _std[c], train.Inputs.select(1, c).min().item<float>(), 5);
            Assert.Equal((1f - _mean[c]) / _std[c], train.Inputs.select(1, c).max().item<float>(), 5);
        }
    }

    [Fact]
    public void Should_skip_other_variables_and_elements_in_any_order()
    {
        var info = SvhnTestFiles.Matrix("description", SvhnTestFiles.MxCharClass, [1, 3], 4, [65, 0, 66, 0, 67, 0]);
        var odd = SvhnTestFiles.Element(SvhnTestFiles.MiDouble, new byte[8]);
        var y = SvhnTestFiles.Y(Enumerable.Range(0, Test).Select(SvhnTestFiles.Label).ToList());
        var x = SvhnTestFiles.X(SvhnTestFiles.Pixels(Test), Test);
        _files.Write(TestFile, [.. SvhnTestFiles.Header(), .. SvhnTestFiles.Compressed(info), .. odd, .. SvhnTestFiles.Compressed(y), .. x]);

        using var test = Dataset().Load(DatasetSplitKind.Test, Options());

        Assert.Equal([1L, 4, 7, 0], test.Labels.data<long>().ToArray());
        Assert.Equal(((SvhnTestFiles.Pixel(5, 6, 1, 2) / 255f) - _mean[1]) / _std[1], test.Inputs[2, 1, 5, 6].item<float>(), 5);
    }

    [Fact]
    public void Should_report_a_truncated_file()
    {
        var path = _files.Write(TrainFile, SvhnTestFiles.SvhnFile(Train)[..^100]);

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(path + ": truncated: the data element at byte ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Should_report_a_file_shorter_than_the_header()
    {
        var path = _files.Write(TrainFile, SvhnTestFiles.Header()[..60]);

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.Equal(path + ": truncated: 60 bytes, shorter than the 128-byte MAT-file header; not a MATLAB 5 MAT-file", ex.Message);
    }

    [Fact]
    public void Should_report_corrupt_compressed_data()
    {
        var bytes = SvhnTestFiles.SvhnFile(Train);
        // Garble the deflate data of the first (X) element, past its 8-byte tag and 2-byte zlib header.
        for (var i = 128 + 8 + 2; i < 128 + 8 + 40; i++)
        {
            bytes[i] = 0xFF;
        }

        var path = _files.Write(TrainFile, bytes);

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(path + ": corrupt compressed data in the data element at byte 128 (", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("); the file is damaged", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Should_reject_a_file_that_is_not_a_MAT_v5_file()
    {
        var path = _files.Write(TrainFile, [.. new byte[200].Select(_ => (byte)'x')]);

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(path + ": not a MATLAB 5 MAT-file: expected version 0x0100 and endian indicator 'IM' at bytes 124..127, found 0x7878 and 'xx'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_say_that_MAT_v73_files_are_not_supported()
    {
        var path = _files.Write(TrainFile, [.. SvhnTestFiles.Header(0x0200, "IM", "MATLAB 7.3 MAT-file, Platform: GLNXA64"), .. new byte[64]]);

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(path + ": not a MATLAB 5 MAT-file", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("MAT v7.3 files are HDF5 and are not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_a_big_endian_file()
    {
        var path = _files.Write(TrainFile, [.. SvhnTestFiles.Header(0x0001, "MI"), .. new byte[64]]);

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(path + ": a big-endian MAT-file, which is not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_missing_variable_and_those_found()
    {
        var path = _files.Write(TrainFile, SvhnTestFiles.MatFile(true, SvhnTestFiles.X(SvhnTestFiles.Pixels(Train), Train)));

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(path + ": no variable 'y' (the labels); variables found: X;", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_images_of_the_wrong_count()
    {
        var path = _files.Write(TrainFile, SvhnTestFiles.SvhnFile(Train - 1));

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(path + ": X has dimensions 32x32x3x4, expected 32x32x3x5 (height x width x channel x image)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_images_of_the_wrong_shape()
    {
        var path = _files.Write(TestFile, SvhnTestFiles.MatFile(
            true,
            SvhnTestFiles.Matrix("X", SvhnTestFiles.MxUInt8Class, [28, 28, 1, Test], SvhnTestFiles.MiUInt8, new byte[28 * 28 * Test]),
            SvhnTestFiles.Y([1, 2, 3, 4])));

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Test, Options()));

        Assert.StartsWith(path + ": X has dimensions 28x28x1x4, expected 32x32x3x4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_data_shorter_than_the_dimensions_say()
    {
        var path = _files.Write(TestFile, SvhnTestFiles.MatFile(
            false,
            SvhnTestFiles.Matrix("X", SvhnTestFiles.MxUInt8Class, [32, 32, 3, Test], SvhnTestFiles.MiUInt8, new byte[100]),
            SvhnTestFiles.Y([1, 2, 3, 4])));

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Test, Options()));

        Assert.Equal(path + ": variable 'X' (32x32x3x4) holds 100 bytes of data, expected 12288; the file is damaged", ex.Message);
    }

    [Fact]
    public void Should_reject_a_label_outside_1_to_10()
    {
        var path = _files.Write(TestFile, SvhnTestFiles.MatFile(true, SvhnTestFiles.X(SvhnTestFiles.Pixels(Test), Test), SvhnTestFiles.Y([1, 11, 3, 4])));

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Test, Options()));

        Assert.StartsWith(path + ": label y(2) = 11 is not a whole number in 1..10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_say_where_to_put_which_files_and_where_to_get_them_When_download_is_impossible()
    {
        var fetcher = new FakeFetcher();

        var ex = Assert.Throws<DatasetException>(() => Dataset(fetcher).Load(DatasetSplitKind.Test, Options()));

        Assert.Equal([TestFile], fetcher.Requested);
        Assert.Equal(
            $"svhn: missing train_32x32.mat, test_32x32.mat in {_files.Folder}: tried http://ufldl.stanford.edu/housenumbers/test_32x32.mat (no network); " +
            "download http://ufldl.stanford.edu/housenumbers/train_32x32.mat (MD5 e26dedcc434d2e4c54c9b2d4a06d8373) and " +
            "http://ufldl.stanford.edu/housenumbers/test_32x32.mat (MD5 eb5a983be6a315427106f1b164d9cef3) " +
            $"(SVHN cropped digits, http://ufldl.stanford.edu/housenumbers/) into {_files.Folder} yourself",
            ex.Message);
    }

    [Fact]
    public void Should_name_only_the_missing_file()
    {
        _files.Write(TestFile, SvhnTestFiles.SvhnFile(Test));

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith($"svhn: missing train_32x32.mat in {_files.Folder}: tried http://ufldl.stanford.edu/housenumbers/train_32x32.mat (", ex.Message, StringComparison.Ordinal);
        Assert.Contains("; download http://ufldl.stanford.edu/housenumbers/train_32x32.mat (MD5 ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_fetch_only_the_file_of_the_split_and_load_it()
    {
        var fetcher = new FakeFetcher((file, folder) => File.WriteAllBytes(Path.Combine(folder, file.Name), SvhnTestFiles.SvhnFile(file.Count)));

        using var test = Dataset(fetcher).Load(DatasetSplitKind.Test, Options());

        Assert.Equal([TestFile], fetcher.Requested);
        Assert.Equal(Test, test.Count);
        Assert.Equal([TestFile], _files.AllFiles().Select(Path.GetFileName));
    }

    [Fact]
    public void Should_not_fetch_When_the_file_is_present()
    {
        _files.Write(TrainFile, SvhnTestFiles.SvhnFile(Train));
        var fetcher = new FakeFetcher();

        using var train = Dataset(fetcher).Load(DatasetSplitKind.Train, Options());

        Assert.Empty(fetcher.Requested);
    }

    [Fact]
    public void Should_describe_the_real_dataset()
    {
        var dataset = new SvhnDataset();

        Assert.Equal("svhn", dataset.Name);
        Assert.Equal([3L, 32, 32], dataset.Spec.InputShape);
        Assert.Equal(10, dataset.Spec.NumClasses);
        Assert.Equal(73_257, dataset.Spec.TrainSize);
        Assert.Equal(26_032, dataset.Spec.TestSize);
        Assert.Equal(_mean, dataset.Spec.Normalization!.Mean);
        Assert.Equal(_std, dataset.Spec.Normalization.Std);
    }

    [Fact]
    public void Should_not_augment()
    {
        using var source = new Generator(3);
        using var batch = rand([4, 3, 32, 32], generator: source);
        using var generator = new Generator(5);

        using var augmented = ((IDataset)Dataset()).Augment(batch, generator);

        Assert.True(TensorComparison.Same(augmented, batch));
    }

    private SvhnDataset Dataset(ISvhnFetcher? fetcher = null) => new(SvhnFormat.Official(Train, Test), fetcher ?? new FakeFetcher());

    private DatasetLoadOptions Options() => new(_files.Root, CPU, Seed: 0);

    private sealed class FakeFetcher(Action<SvhnFile, string>? write = null) : ISvhnFetcher
    {
        public List<string> Requested { get; } = [];

        public bool TryFetch(SvhnFile file, string folder, Action<string>? log, [NotNullWhen(false)] out string? reason)
        {
            Requested.Add(file.Name);
            write?.Invoke(file, folder);
            reason = write is null ? "no network" : null;
            return write is not null;
        }
    }
}
