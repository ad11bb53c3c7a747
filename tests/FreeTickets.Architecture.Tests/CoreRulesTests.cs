using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.xUnit;
using Xunit.Abstractions;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace FreeTickets.Architecture.Tests;

/// <summary>The engine knows neither the tool nor its console library, and its folders depend one way.</summary>
public sealed class CoreRulesTests(ITestOutputHelper output)
{
    /// <summary>
    /// Core's folders from the bottom up: each may use only folders before it. The same order is written down in
    /// docs/architecture.md; a new folder goes into both.
    /// </summary>
    private static readonly string[] _order =
    [
        "(root)", "Randomness", "Plugins", "Metrics", "Flops", "Sparsity", "Training", "Robustness", "Config", "Results", "Methods", "Running",
    ];

    [Fact]
    public void Should_reference_neither_the_cli_nor_spectre_When_checking_the_engine_assembly()
    {
        var forbidden = Assemblies.ReferencesOf(Assemblies.Core)
            .Where(name => name == Assemblies.Cli.GetName().Name || name.StartsWith("FreeTickets.Cli", StringComparison.Ordinal)
                || name.StartsWith("Spectre.Console", StringComparison.Ordinal))
            .ToList();

        Assert.True(forbidden.Count == 0, $"FreeTickets.Core references {string.Join(", ", forbidden)}");
    }

    [Fact]
    public void Should_use_no_cli_or_spectre_type_When_checking_the_engine_types()
    {
        var uses = Assemblies.DependenciesMatching(Assemblies.Core, ns => Assemblies.IsWithin(ns, "FreeTickets.Cli") || Assemblies.IsWithin(ns, "Spectre.Console"));

        Assert.True(uses.Count == 0, "FreeTickets.Core uses " + string.Join("; ", uses));
    }

    [Fact]
    public void Should_form_no_cycle_When_checking_every_core_folder_namespace()
    {
        SliceRuleDefinition.Slices().Matching("FreeTickets.Core.(*)").Should().BeFreeOfCycles().Check(Assemblies.Model);
    }

    [Fact]
    public void Should_use_no_folder_When_checking_the_core_root_namespace()
    {
        // The slices above leave out the root namespace (BadInputException...): it sits below every folder.
        Types().That().ResideInNamespace(CoreFolders.Root)
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^FreeTickets\.Core\..+$"))
            .Check(Assemblies.Model);
    }

    [Fact]
    public void Should_use_only_folders_below_When_checking_each_core_folder_against_the_documented_order()
    {
        var graph = CoreFolders.Graph();
        output.WriteLine(CoreFolders.Describe(graph));

        var unknown = graph.Keys.Except(_order).ToList();
        Assert.True(unknown.Count == 0, $"Core folder(s) {string.Join(", ", unknown)} are not in the documented order: place them in docs/architecture.md and in this test");
        var upward = graph
            .SelectMany(kv => kv.Value.Where(to => Array.IndexOf(_order, to) > Array.IndexOf(_order, kv.Key)).Select(to => $"{kv.Key} uses {to}"))
            .ToList();
        Assert.True(upward.Count == 0, "Core folders that use a folder above them: " + string.Join("; ", upward));
    }
}
