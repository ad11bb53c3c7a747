using FreeTickets.Abstractions;

namespace FreeTickets.Abstractions.Tests;

public sealed class DatasetSpecTests
{
    [Fact]
    public void Should_have_no_normalization_When_the_plugin_does_not_say()
    {
        var spec = new DatasetSpec([1, 8, 8], NumClasses: 10, TrainSize: 1437, TestSize: 360);

        Assert.Null(spec.Normalization);
    }

    [Fact]
    public void Should_keep_its_facts_When_a_normalization_is_added()
    {
        var spec = new DatasetSpec([3, 32, 32], NumClasses: 10, TrainSize: 50_000, TestSize: 10_000);
        var normalization = new ChannelNormalization([0.4914f, 0.4822f, 0.4465f], [0.2470f, 0.2435f, 0.2616f]);

        var normalized = spec with { Normalization = normalization };

        Assert.Equal([3L, 32L, 32L], normalized.InputShape);
        Assert.Equal((10, 50_000, 10_000), (normalized.NumClasses, normalized.TrainSize, normalized.TestSize));
        Assert.Same(normalization, normalized.Normalization);
        Assert.Equal(normalized.InputShape[0], normalization.Mean.Count);
        Assert.Equal(normalized.InputShape[0], normalization.Std.Count);
        Assert.Null(spec.Normalization);
    }
}
