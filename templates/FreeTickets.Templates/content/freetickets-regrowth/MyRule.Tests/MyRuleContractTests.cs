using FreeTickets.Testing;

namespace MyRule.Tests;

/// <summary>
/// The shared contract suite (FreeTickets.Testing) every regrowth rule passes: kebab-case name, a finite score of the
/// weight's shape/dtype/device that leaves the layer alone and depends only on the generator, a cost that matches the
/// gradient statistics it asks for, and exact active counts when the engine regrows with it (3 shapes x 4 sparsities x
/// 4 drop fractions).
/// </summary>
public sealed class MyRuleContractTests : RegrowthRuleContractTests<MyRuleRegrowthRule>
{
}
