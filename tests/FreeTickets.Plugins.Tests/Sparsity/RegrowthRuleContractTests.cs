using FreeTickets.Abstractions;
using FreeTickets.Plugins.Pruning.Magnitude;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Sparsity;

/// <summary>
/// What every regrowth rule owes the engine. Each built-in rule's test class inherits this suite (and adds its
/// hand-computed example).
/// </summary>
/// <typeparam name="TRule">The rule under test.</typeparam>
public abstract class RegrowthRuleContractTests<TRule>
    where TRule : IRegrowthRule, new()
{
    /// <summary>A fresh instance, as the host creates it.</summary>
    protected static TRule Rule => new();

    [Fact]
    public void Should_have_a_kebab_case_name_and_a_description()
    {
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", Rule.Name);
        Assert.False(string.IsNullOrWhiteSpace(Rule.Description));
    }

    [Fact]
    public void Should_declare_the_dense_gradient_every_step_cost_When_it_asks_for_gradient_statistics()
    {
        // A running statistic of the dense gradient needs the dense gradient at every step: RigL's cheaper cost would lie.
        if (Rule.GradientStatistics != GradientStatistics.None)
        {
            Assert.Equal(RegrowthCost.DenseGradientEveryStep, Rule.Cost);
        }

        Assert.True(Enum.IsDefined(Rule.Cost));
    }

    [Theory]
    [MemberData(nameof(ContractCases.Shapes), MemberType = typeof(ContractCases))]
    public void Should_return_a_finite_score_of_the_weights_shape_dtype_and_device(long[] shape)
    {
        using var scope = NewDisposeScope();
        var layer = ContractLayers.Create(shape, withState: true);
        using var generator = new Generator(11, CPU);

        var score = Rule.Score(layer, new MaskUpdateContext(3, 0.5, generator));

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

        var score = Rule.Score(layer, new MaskUpdateContext(3, 0.5, generator));

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

        var a = Rule.Score(layer, new MaskUpdateContext(3, 0.5, first));
        var b = Rule.Score(layer, new MaskUpdateContext(3, 0.5, second));

        Assert.True(a.allclose(b, rtol: 0, atol: 0), "same generator state, different scores");
    }

    [Fact]
    public void Should_score_When_gradient_momentum_and_statistics_are_null()
    {
        using var scope = NewDisposeScope();
        var layer = ContractLayers.Create([8, 4], withState: false);
        using var generator = new Generator(11, CPU);

        var score = Rule.Score(layer, new MaskUpdateContext(0, 0.5, generator));

        Assert.Equal(layer.Weight.shape, score.shape);
        Assert.True(score.isfinite().all().item<bool>(), "the score has NaN or infinite entries");
    }

    [Theory]
    [MemberData(nameof(ContractCases.ShapesSparsitiesDrops), MemberType = typeof(ContractCases))]
    public void Should_keep_exact_active_counts_When_the_engine_regrows_with_it(long[] shape, double sparsity, double drop)
    {
        using var scope = NewDisposeScope();
        ContractLayers.AssertExactCounts(new MagnitudePruningCriterion(), Rule, shape, sparsity, drop);
    }
}
