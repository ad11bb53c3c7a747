using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Testing;

/// <summary>
/// What every regrowth rule owes the engine. A rule's test class inherits this suite
/// (<c>public sealed class MyRuleContractTests : RegrowthRuleContractTests&lt;MyRule&gt; { }</c>) and adds its
/// hand-computed example.
/// </summary>
/// <typeparam name="TRule">The rule under test.</typeparam>
public abstract class RegrowthRuleContractTests<TRule> : ScoringPluginContractTests
    where TRule : IRegrowthRule, new()
{
    /// <inheritdoc />
    protected override IPlugin Plugin => Rule;

    /// <inheritdoc />
    protected override Tensor Score(MaskedLayer layer, MaskUpdateContext context) => Rule.Score(layer, context);

    /// <summary>A fresh instance, as the host creates it.</summary>
    protected static TRule Rule => new();

    /// <summary>A rule that asks for dense-gradient statistics declares <see cref="RegrowthCost.DenseGradientEveryStep"/>.</summary>
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

    /// <summary>One engine update (magnitude pruning, this rule regrowing) keeps every active count exact.</summary>
    /// <param name="shape">The weight's shape.</param>
    /// <param name="sparsity">Sparsity S of the layer.</param>
    /// <param name="drop">Drop fraction p of the update.</param>
    [Theory]
    [MemberData(nameof(ContractCases.ShapesSparsitiesDrops), MemberType = typeof(ContractCases))]
    public void Should_keep_exact_active_counts_When_the_engine_regrows_with_it(long[] shape, double sparsity, double drop)
    {
        using var scope = NewDisposeScope();
        ContractLayers.AssertExactCounts(new MagnitudeTestCriterion(), Rule, shape, sparsity, drop);
    }
}
