using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Sparsity.Plugins;

/// <summary>Scores every position the same (worst-case ties), as a criterion and as a rule.</summary>
internal sealed class ConstantScorePlugin(double value) : IPruningCriterion, IRegrowthRule
{
    public string Name => "test-constant";

    public string Description => "constant score (test only)";

    public Tensor Score(MaskedLayer layer, MaskUpdateContext context) => full_like(layer.Weight, value);
}
