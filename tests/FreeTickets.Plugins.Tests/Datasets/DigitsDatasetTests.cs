extern alias digits;
using System.IO.Compression;
using System.Text;
using digits::FreeTickets.Plugins.Dataset.Digits;
using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

public sealed class DigitsDatasetTests : IDisposable
{
    private const int Count = 20;
    private const float Mean = 0.3051f;
    private const float Std = 0.3762f;

    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-digits-").FullName;

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

    [Fact]
    public void Should_decode_a_hand_made_line_into_an_8x8_image_and_its_label()
    {
        var lines = Lines(Count);
        // Pixels row by row: (0,0) = 16, (0,2) = 8, (7,4) = 4, (7,7) = 12, all others 0; label 3.
        lines[1] = "16,0,8" + string.Concat(Enumerable.Repeat(",0", 57)) + ",4,0,0,12,3";
        Write(lines);

        using var train = Dataset().Load(DatasetSplitKind.Train, Options());

        var k = Array.IndexOf(DigitsSplit.Indices(Count, test: false), 1);
        Assert.True(k >= 0, "with 20 samples the fixed split puts sample 1 in the training set");
        Assert.Equal(3L, train.Labels[k].item<long>());
        Assert.Equal(1.8472f, train.Inputs[k, 0, 0, 0].item<float>(), 4);   // (16/16 - 0.3051) / 0.3762
        Assert.Equal(-0.8110f, train.Inputs[k, 0, 0, 1].item<float>(), 4);  // (0 - 0.3051) / 0.3762
        Assert.Equal(0.5181f, train.Inputs[k, 0, 0, 2].item<float>(), 4);   // (8/16 - 0.3051) / 0.3762
        Assert.Equal(-0.1465f, train.Inputs[k, 0, 7, 4].item<float>(), 4);  // (4/16 - 0.3051) / 0.3762
        Assert.Equal(1.1826f, train.Inputs[k, 0, 7, 7].item<float>(), 4);   // (12/16 - 0.3051) / 0.3762
    }

    [Fact]
    public void Should_put_each_sample_in_the_fixed_split_with_its_label_and_scaled_normalised_pixels()
    {
        Write(Lines(Count));
        var dataset = Dataset();

        using var train = dataset.Load(DatasetSplitKind.Train, Options());
        using var test = dataset.Load(DatasetSplitKind.Test, Options());

        Assert.Equal([16L, 1, 8, 8], train.Inputs.shape);
        Assert.Equal([4L, 1, 8, 8], test.Inputs.shape);
        Assert.Equal(ScalarType.Float32, train.Inputs.dtype);
        Assert.Equal(ScalarType.Int64, test.Labels.dtype);
        foreach (var (split, isTest) in new[] { (train, false), (test, true) })
        {
            var indices = DigitsSplit.Indices(Count, isTest);
            Assert.Equal(indices.Select(i => (long)Label(i)), split.Labels.data<long>().ToArray());
            for (var k = 0; k < indices.Length; k++)
            {
                foreach (var p in new[] { 0, 9, 37, 63 })
                {
                    var expected = ((Pixel(indices[k], p) / 16f) - Mean) / Std;
                    Assert.Equal(expected, split.Inputs[k, 0, p / 8, p % 8].item<float>(), 5);
                }
            }
        }
    }

    [Fact]
    public void Should_not_depend_on_the_run_seed()
    {
        Write(Lines(Count));

        using var a = Dataset().Load(DatasetSplitKind.Test, Options(seed: 1));
        using var b = Dataset().Load(DatasetSplitKind.Test, Options(seed: 987_654));

        Assert.True(TensorComparison.Same(a.Inputs, b.Inputs));
        Assert.True(TensorComparison.Same(a.Labels, b.Labels));
    }

    [Fact]
    public void Should_split_disjointly_into_80_and_20_percent()
    {
        var train = DigitsSplit.Indices(1797, test: false);
        var test = DigitsSplit.Indices(1797, test: true);

        Assert.Equal(1437, train.Length);
        Assert.Equal(360, test.Length);
        Assert.Equal(Enumerable.Range(0, 1797), train.Concat(test).Order());
        Assert.Equal(train.Order(), train);
    }

    [Fact]
    public void Should_keep_the_documented_permutation()
    {
        // SplitMix64 from seed 2022 + Fisher-Yates, computed independently (Python) when the split was fixed.
        Assert.Equal([2, 6, 0, 1, 4, 5, 8, 3, 9, 7], DigitsSplit.Permutation(10));
        Assert.Equal([0, 2, 3, 4, 6, 7, 23, 39], DigitsSplit.Indices(1797, test: true)[..8]);
    }

    [Fact]
    public void Should_read_an_uncompressed_csv_and_fall_back_to_the_system_file()
    {
        var system = Path.Combine(_root, "system", "digits.csv.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(system)!);
        WriteFile(system, Lines(Count));

        using (var fromSystem = new DigitsDataset(Count, system).Load(DatasetSplitKind.Test, Options()))
        {
            Assert.Equal(4, fromSystem.Count);
        }

        var lines = Lines(Count);
        Array.Fill(lines, string.Join(',', Enumerable.Repeat("0", 64)) + ",9");
        Directory.CreateDirectory(Path.Combine(_root, "digits"));
        WriteFile(Path.Combine(_root, "digits", "digits.csv"), lines);
        using var local = new DigitsDataset(Count, system).Load(DatasetSplitKind.Test, Options());

        Assert.All(local.Labels.data<long>().ToArray(), l => Assert.Equal(9L, l));
    }

    [Theory]
    [InlineData(2, "1,2,3", "line 3 has 3 values, expected 65 (64 pixels 0..16, then the label 0..9)")]
    [InlineData(4, "PIX17", "line 5, value 8: pixel 17 is outside 0..16")]
    [InlineData(0, "LABEL10", "line 1, value 65: label 10 is outside 0..9")]
    [InlineData(6, "TEXT", "line 7, value 8: 'x' is not an integer pixel")]
    [InlineData(7, "FRACTION", "line 8, value 65: '2.5' is not an integer label")]
    public void Should_name_the_file_line_and_value_When_a_line_is_malformed(int index, string kind, string expected)
    {
        var lines = Lines(Count);
        var values = lines[index].Split(',');
        lines[index] = kind switch
        {
            "PIX17" => Replace(values, 7, "17"),
            "LABEL10" => Replace(values, 64, "10"),
            "TEXT" => Replace(values, 7, "x"),
            "FRACTION" => Replace(values, 64, "2.5"),
            _ => kind,
        };
        var path = Write(lines);

        var ex = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.Equal($"{path}: {expected}", ex.Message);
    }

    [Fact]
    public void Should_reject_a_file_with_too_few_or_too_many_samples()
    {
        var path = Write(Lines(Count - 1));
        var few = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));
        Write(Lines(Count + 1));
        var many = Assert.Throws<DatasetException>(() => Dataset().Load(DatasetSplitKind.Train, Options()));

        Assert.Equal($"{path}: 19 samples, expected 20; the file is truncated or not scikit-learn's digits.csv.gz", few.Message);
        Assert.Equal($"{path}: more than 20 samples (line 21); expected exactly 20", many.Message);
    }

    [Fact]
    public void Should_say_how_to_get_the_file_When_it_is_missing()
    {
        var system = Path.Combine(_root, "nowhere", "digits.csv.gz");

        var ex = Assert.Throws<DatasetException>(() => new DigitsDataset(Count, system).Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith($"digits: digits.csv.gz not found in {Path.Combine(_root, "digits")} nor at {system}:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("`sudo apt-get install python3-sklearn`", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Should_describe_the_real_dataset()
    {
        var dataset = new DigitsDataset();

        Assert.Equal("digits", dataset.Name);
        Assert.Equal([1L, 8, 8], dataset.Spec.InputShape);
        Assert.Equal(10, dataset.Spec.NumClasses);
        Assert.Equal(1437, dataset.Spec.TrainSize);
        Assert.Equal(360, dataset.Spec.TestSize);
    }

    private static byte Pixel(int i, int p) => (byte)(((i * 5) + (p * 3)) % 17);

    private static byte Label(int i) => (byte)((i * 7) % 10);

    private static string[] Lines(int count) =>
        Enumerable.Range(0, count).Select(i => string.Join(',', Enumerable.Range(0, 64).Select(p => Pixel(i, p)).Append(Label(i)))).ToArray();

    private static string Replace(string[] values, int at, string value)
    {
        values[at] = value;
        return string.Join(',', values);
    }

    private string Write(string[] lines)
    {
        var path = Path.Combine(_root, "digits", "digits.csv.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteFile(path, lines);
        return path;
    }

    private static void WriteFile(string path, string[] lines)
    {
        var bytes = Encoding.ASCII.GetBytes(string.Join('\n', lines) + "\n");
        if (!path.EndsWith(".gz", StringComparison.Ordinal))
        {
            File.WriteAllBytes(path, bytes);
            return;
        }

        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(bytes);
    }

    private DigitsDataset Dataset() => new(Count, systemPath: null);

    private DatasetLoadOptions Options(long seed = 0) => new(_root, CPU, seed);
}
