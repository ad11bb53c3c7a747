using FreeTickets.Abstractions;
using FreeTickets.Plugins.Regrowth.Random;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Sparsity;

/// <summary>
/// What every pruning criterion owes the engine. Each built-in criterion's test class inherits this suite (and adds its
/// hand-computed example).
/// </summary>
/// <typeparam name="TCriterion">The criterion under test.</typeparam>
public abstract class PruningCriterionContractTests<TCriterion>
    where TCriterion : IPruningCriterion, new()
{
    /// <summary>A fresh instance, as the host creates it.</summary>
    protected static TCriterion Criterion => new();

    [Fact]
    public void Should_have_a_kebab_case_name_and_a_description()
    {
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", Criterion.Name);
        Assert.False(string.IsNullOrWhiteSpace(Criterion.Description));
    }

    [Theory]
    [MemberData(nameof(ContractCases.Shapes), MemberType = typeof(ContractCases))]
    public void Should_return_a_finite_score_of_the_weights_shape_dtype_and_device(long[] shape)
    {
        using var scope = NewDisposeScope();
        var layer = ContractLayers.Create(shape, withState: true);
        using var generator = new Generator(11, CPU);

        var score = Criterion.Score(layer, new MaskUpdateContext(3, 0.5, generator));

        Assert.Equal(layer.Weight.shape, score.shape);
        Assert.Equal(layer.Weight.dtype, score.dtype);
        Assert.Equal(layer.Weight.device_type, score.device_type);
        Assert.True(score.isfinite().all().item<bool>(), "the score has NaN or infinite entries");
    }

    [Fact]
    public void Should_leave_the_layers_tensors_unchanged_and_return_a_new_tensor()
    {
        using var scope = NewDisposeScope();
        var layer = ContractLayers.Create([16, 8, 3, 3], withState: true);
        var before = ContractLayers.Tensors(layer).Select(t => t.clone()).ToList();
        using var generator = new Generator(11, CPU);

        var score = Criterion.Score(layer, new MaskUpdateContext(3, 0.5, generator));

        Assert.All(ContractLayers.Tensors(layer), t => Assert.False(ReferenceEquals(t, score), "the score is an engine-owned tensor"));
        Assert.All(ContractLayers.Tensors(layer).Zip(before), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 0), "a layer tensor changed"));
    }

    [Fact]
    public void Should_give_the_same_score_When_the_generator_state_is_the_same()
    {
        using var scope = NewDisposeScope();
        var layer = ContractLayers.Create([16, 8, 3, 3], withState: true);
        using var first = new Generator(11, CPU);
        using var second = new Generator(11, CPU);

        var a = Criterion.Score(layer, new MaskUpdateContext(3, 0.5, first));
        var b = Criterion.Score(layer, new MaskUpdateContext(3, 0.5, second));

        Assert.True(a.allclose(b, rtol: 0, atol: 0), "same generator state, different scores");
    }

    [Fact]
    public void Should_score_When_gradient_and_momentum_are_null()
    {
        using var scope = NewDisposeScope();
        var layer = ContractLayers.Create([8, 4], withState: false);
        using var generator = new Generator(11, CPU);

        var score = Criterion.Score(layer, new MaskUpdateContext(0, 0.5, generator));

        Assert.Equal(layer.Weight.shape, score.shape);
        Assert.True(score.isfinite().all().item<bool>(), "the score has NaN or infinite entries");
    }

    [Theory]
    [MemberData(nameof(ContractCases.ShapesSparsitiesDrops), MemberType = typeof(ContractCases))]
    public void Should_keep_exact_active_counts_When_the_engine_prunes_with_it(long[] shape, double sparsity, double drop)
    {
        using var scope = NewDisposeScope();
        ContractLayers.AssertExactCounts(Criterion, new RandomRegrowthRule(), shape, sparsity, drop);
    }
}
