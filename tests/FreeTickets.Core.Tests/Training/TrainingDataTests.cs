using FreeTickets.Core.Training;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Training;

public sealed class TrainingDataTests
{
    [Fact]
    public void Should_hold_out_the_last_examples_in_file_order_When_the_split_is_tail()
    {
        using var scope = NewDisposeScope();
        var inputs = arange(20, dtype: float32).reshape(20, 1);
        var labels = arange(20, dtype: int64);

        using var data = TrainingData.Split(inputs, labels, inputs, labels, 20, validationFraction: 0.1, seed: 3, tail: true);

        Assert.Equal([18L, 19], data.ValLabels.data<long>().ToArray());
        Assert.Equal(Enumerable.Range(0, 18).Select(i => (long)i), data.TrainLabels.data<long>().ToArray());
    }

    [Fact]
    public void Should_hold_out_a_seeded_random_share_When_the_split_is_random()
    {
        using var scope = NewDisposeScope();
        var inputs = arange(200, dtype: float32).reshape(200, 1);
        var labels = arange(200, dtype: int64);

        using var a = TrainingData.Split(inputs, labels, inputs, labels, 200, validationFraction: 0.1, seed: 3);
        using var b = TrainingData.Split(inputs, labels, inputs, labels, 200, validationFraction: 0.1, seed: 3);

        var held = a.ValLabels.data<long>().ToArray();
        Assert.Equal(20, held.Length);
        Assert.NotEqual(Enumerable.Range(180, 20).Select(i => (long)i), held);
        Assert.Equal(held, b.ValLabels.data<long>().ToArray());
        Assert.Empty(held.Intersect(a.TrainLabels.data<long>().ToArray()));
    }
}
