using FreeTickets.Plugins.Regrowth.Gradient;
using FreeTickets.Testing;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Sparsity;

/// <summary>The helper that the template's hand-computed example uses (FreeTickets.Testing), run here with RigL's rule.</summary>
public sealed class TopologyUpdateExampleTests
{
    [Fact]
    public void Should_return_the_mask_after_magnitude_pruning_and_regrowth_When_regrowing_a_2x3_weight()
    {
        // Magnitude prunes 0.1 at (1,2) and -0.2 at (0,2); |g| over the inactive (0,1), (0,2), (1,0), (1,2) is .7, .3, 1.2, .02.
        float[,] weight = { { 0.9f, 0f, -0.2f }, { 0f, 0.5f, 0.1f } };
        float[,] mask = { { 1f, 0f, 1f }, { 0f, 1f, 1f } };
        float[,] gradient = { { 0.1f, -0.7f, 0.3f }, { 1.2f, 0.2f, -0.02f } };

        var after = TopologyUpdateExample.MaskAfterRegrowth(new GradientRegrowthRule(), weight, mask, gradient, dropFraction: 0.5);

        Assert.Equal(new float[,] { { 1f, 1f, 0f }, { 1f, 1f, 0f } }, after);
    }

    [Fact]
    public void Should_keep_row_major_order_When_converting_between_arrays_and_tensors()
    {
        using var scope = NewDisposeScope();
        float[,] values = { { 1f, 2f, 3f }, { 4f, 5f, 6f } };

        var tensor = TopologyUpdateExample.ToTensor(values);

        Assert.Equal([2L, 3L], tensor.shape);
        Assert.Equal(6f, tensor[1, 2].item<float>());
        Assert.Equal(values, TopologyUpdateExample.ToArray(tensor, 2, 3));
    }
}
