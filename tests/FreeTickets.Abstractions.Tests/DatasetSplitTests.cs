using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Abstractions.Tests;

public sealed class DatasetSplitTests
{
    [Fact]
    public void Should_count_the_examples_by_their_labels()
    {
        using var split = new DatasetSplit(zeros(5, 1, 2, 2), zeros(5, dtype: ScalarType.Int64));

        Assert.Equal(5L, split.Count);
    }

    [Fact]
    public void Should_dispose_inputs_and_labels_When_the_caller_disposes_the_split()
    {
        var inputs = zeros(3, 1, 2, 2);
        var labels = zeros(3, dtype: ScalarType.Int64);
        var split = new DatasetSplit(inputs, labels);

        split.Dispose();

        Assert.True(inputs.IsInvalid);
        Assert.True(labels.IsInvalid);
    }
}
