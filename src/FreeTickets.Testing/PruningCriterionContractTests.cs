using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Testing;

/// <summary>
/// What every pruning criterion owes the engine. A criterion's test class inherits this suite
/// (<c>public sealed class MyCriterionContractTests : PruningCriterionContractTests&lt;MyCriterion&gt; { }</c>) and adds
/// its hand-computed example.
/// </summary>
/// <typeparam name="TCriterion">The criterion under test.</typeparam>
public abstract class PruningCriterionContractTests<TCriterion> : ScoringPluginContractTests
    where TCriterion : IPruningCriterion, new()
{
    /// <inheritdoc />
    protected override IPlugin Plugin => Criterion;

    /// <inheritdoc />
    protected override Tensor Score(MaskedLayer layer, MaskUpdateContext context) => Criterion.Score(layer, context);

    /// <summary>A fresh instance, as the host creates it.</summary>
    protected static TCriterion Criterion => new();

    /// <summary>One engine update (this criterion pruning, random regrowth) keeps every active count exact.</summary>
    /// <param name="shape">The weight's shape.</param>
    /// <param name="sparsity">Sparsity S of the layer.</param>
    /// <param name="drop">Drop fraction p of the update.</param>
    [Theory]
    [MemberData(nameof(ContractCases.ShapesSparsitiesDrops), MemberType = typeof(ContractCases))]
    public void Should_keep_exact_active_counts_When_the_engine_prunes_with_it(long[] shape, double sparsity, double drop)
    {
        using var scope = NewDisposeScope();
        ContractLayers.AssertExactCounts(Criterion, new RandomTestRule(), shape, sparsity, drop);
    }
}
