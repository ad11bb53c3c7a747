using FreeTickets.Abstractions;
using FreeTickets.Plugins.Regrowth.Random;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Sparsity;

/// <summary>
/// What every pruning criterion owes the engine. Each built-in criterion's test class inherits this suite (and adds its
/// hand-computed example).
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

    [Theory]
    [MemberData(nameof(ContractCases.ShapesSparsitiesDrops), MemberType = typeof(ContractCases))]
    public void Should_keep_exact_active_counts_When_the_engine_prunes_with_it(long[] shape, double sparsity, double drop)
    {
        using var scope = NewDisposeScope();
        ContractLayers.AssertExactCounts(Criterion, new RandomRegrowthRule(), shape, sparsity, drop);
    }
}
