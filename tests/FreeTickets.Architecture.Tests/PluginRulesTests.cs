namespace FreeTickets.Architecture.Tests;

/// <summary>A plugin is built against the contract only: the engine and the tool are the host, never a dependency.</summary>
public sealed class PluginRulesTests
{
    [Fact]
    public void Should_reference_neither_core_nor_the_cli_When_checking_every_built_in_plugin()
    {
        var host = new[] { Assemblies.Core.GetName().Name, Assemblies.Cli.GetName().Name, "FreeTickets.Cli" };
        var offending = Assemblies.PluginFiles()
            .SelectMany(file => Assemblies.ReferencesOf(file).Where(host.Contains).Select(name => $"{Path.GetFileName(file)} references {name}"))
            .ToList();

        Assert.True(offending.Count == 0, string.Join("; ", offending));
    }

    [Fact]
    public void Should_reference_the_contract_When_checking_every_built_in_plugin()
    {
        // The rule above reads real references: every plugin has at least the contract's.
        Assert.All(Assemblies.PluginFiles(), file => Assert.Contains(Assemblies.Abstractions.GetName().Name, Assemblies.ReferencesOf(file)));
    }
}
