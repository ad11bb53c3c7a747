extern alias digits;
using digits::FreeTickets.Plugins.Dataset.Digits;
using FreeTickets.Abstractions;
using FreeTickets.Tests.Shared;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>
/// End-to-end check on scikit-learn's real digits.csv.gz; it is skipped unless FREETICKETS_DATA holds
/// <c>digits/digits.csv.gz</c> or python3-sklearn is installed. Run with <c>--filter Category=RealData</c>.
/// </summary>
[Trait(TestCategories.Category, TestCategories.RealData)]
public sealed class RealDigitsTests
{
    private static string Root => Environment.GetEnvironmentVariable("FREETICKETS_DATA") ?? Path.GetTempPath();

    /// <summary>Null when the file is there, else why the test is skipped.</summary>
    private static string? MissingDigits =>
        !File.Exists(Path.Combine(Root, "digits", "digits.csv.gz"))
        && !File.Exists("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz")
            ? "needs digits/digits.csv.gz under FREETICKETS_DATA (or the temp folder) or python3-sklearn installed"
            : null;

    [EnvironmentFact(typeof(RealDigitsTests), nameof(MissingDigits))]
    public void Should_match_the_published_digits_class_counts_and_the_split_statistics()
    {
        var root = Root;
        var dataset = new DigitsDataset();
        var options = new DatasetLoadOptions(root, CPU, Seed: 0);
        using var train = dataset.Load(DatasetSplitKind.Train, options);
        using var test = dataset.Load(DatasetSplitKind.Test, options);

        Assert.Equal(1437, train.Count);
        Assert.Equal(360, test.Count);
        // scikit-learn's documented class counts of the 1,797 digits, split by the fixed permutation.
        using var trainCounts = train.Labels.bincount(null, 10);
        using var testCounts = test.Labels.bincount(null, 10);
        Assert.Equal([138L, 151, 144, 143, 146, 148, 143, 143, 142, 139], trainCounts.data<long>().ToArray());
        Assert.Equal([178L, 182, 177, 183, 181, 182, 181, 179, 174, 180], (trainCounts + testCounts).data<long>().ToArray());
        using var normalised = train.Inputs.to_type(ScalarType.Float64);
        Assert.Equal(0.0, normalised.mean().item<double>(), 3);
        Assert.Equal(1.0, normalised.std(unbiased: false).item<double>(), 3);
    }
}
