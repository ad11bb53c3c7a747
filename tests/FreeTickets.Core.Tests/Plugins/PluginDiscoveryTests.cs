using FreeTickets.Abstractions;
using FreeTickets.Core.Plugins;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Plugins;

public sealed class PluginDiscoveryTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("freetickets-plugins-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            // Loaded plugin assemblies may still be mapped; a leftover temp folder is harmless.
        }
    }

    private string CopyPlugin(string name, string root)
    {
        var source = Path.Combine(RepoPaths.BuiltInPlugins, name);
        var target = Path.Combine(root, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return Path.Combine(target, name + ".dll");
    }

    [Theory]
    [InlineData(PluginKind.Pruning, "magnitude")]
    [InlineData(PluginKind.Pruning, "set")]
    [InlineData(PluginKind.Pruning, "taylor")]
    [InlineData(PluginKind.Pruning, "random")]
    [InlineData(PluginKind.Regrowth, "random")]
    [InlineData(PluginKind.Regrowth, "gradient")]
    [InlineData(PluginKind.Regrowth, "momentum")]
    [InlineData(PluginKind.Regrowth, "gradient-momentum")]
    [InlineData(PluginKind.Architecture, "mlp-300-100")]
    [InlineData(PluginKind.Architecture, "lenet5")]
    [InlineData(PluginKind.Architecture, "lenet5-caffe")]
    [InlineData(PluginKind.Architecture, "wrn-16-8")]
    [InlineData(PluginKind.Architecture, "wrn-28-2")]
    [InlineData(PluginKind.Architecture, "wrn-28-10")]
    [InlineData(PluginKind.Architecture, "vgg-c")]
    [InlineData(PluginKind.Architecture, "resnet-18")]
    [InlineData(PluginKind.Architecture, "resnet-50")]
    [InlineData(PluginKind.Dataset, "mnist")]
    [InlineData(PluginKind.Dataset, "fashion-mnist")]
    [InlineData(PluginKind.Dataset, "synthetic")]
    [InlineData(PluginKind.Dataset, "svhn")]
    [InlineData(PluginKind.Dataset, "cifar10")]
    [InlineData(PluginKind.Dataset, "cifar100")]
    [InlineData(PluginKind.Dataset, "cifar10-released")]
    [InlineData(PluginKind.Dataset, "cifar100-released")]
    public void Should_find_the_built_in_plugin_When_discovering_the_built_in_folder(PluginKind kind, string name)
    {
        var catalog = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]);

        Assert.Empty(catalog.Errors);
        Assert.True(catalog.Contains(kind, name), $"{kind} {name} not found; have {string.Join(", ", catalog.NamesOf(kind))}");
        var plugin = catalog.Resolve<IPlugin>(kind, name);
        Assert.Equal(name, plugin.Name);
        Assert.IsAssignableFrom(PluginKinds.ContractOf(kind), plugin);
    }

    [Fact]
    public void Should_find_every_kind_When_discovering_the_built_in_folder()
    {
        var catalog = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]);

        Assert.All(PluginKinds.All, kind => Assert.NotEmpty(catalog.NamesOf(kind)));
        Assert.All(catalog.Plugins, p => Assert.True(File.Exists(p.AssemblyPath), p.AssemblyPath));
    }

    [Fact]
    public void Should_report_one_error_and_load_the_rest_When_a_plugin_dll_is_garbage()
    {
        var bad = Path.Combine(_temp, "Bad");
        Directory.CreateDirectory(bad);
        File.WriteAllBytes(Path.Combine(bad, "Bad.dll"), [0x4D, 0x5A, 0xDE, 0xAD, 0xBE, 0xEF, 1, 2, 3, 4, 5, 6, 7, 8]);
        CopyPlugin("FreeTickets.Plugins.Dataset.Synthetic", _temp);

        var catalog = PluginDiscovery.Discover([_temp]);

        var error = Assert.Single(catalog.Errors);
        Assert.Equal(Path.Combine(bad, "Bad.dll"), error.Source);
        Assert.Equal("not a .NET assembly", error.Message);
        Assert.True(catalog.Contains(PluginKind.Dataset, "synthetic"));
    }

    [Fact]
    public void Should_report_a_missing_root_When_the_folder_does_not_exist()
    {
        var missing = Path.Combine(_temp, "nope");

        var error = Assert.Single(PluginDiscovery.Discover([missing]).Errors);

        Assert.Equal(missing, error.Source);
    }

    [Fact]
    public void Should_name_both_assemblies_and_refuse_to_resolve_When_a_plugin_is_defined_twice()
    {
        const string name = "FreeTickets.Plugins.Pruning.Magnitude";
        var copy = CopyPlugin(name, _temp);
        var original = Path.Combine(RepoPaths.BuiltInPlugins, name, name + ".dll");

        var catalog = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins, _temp]);

        var error = Assert.Single(catalog.Errors);
        Assert.Contains("duplicate", error.Message);
        Assert.Contains(original, error.Message);
        Assert.Contains(copy, error.Message);
        Assert.False(catalog.Contains(PluginKind.Pruning, "magnitude"));
        var ex = Assert.Throws<PluginResolutionException>(() => catalog.Resolve<IPruningCriterion>(PluginKind.Pruning, "magnitude"));
        Assert.Contains(original, ex.Message);
        Assert.Contains(copy, ex.Message);
        Assert.False(ex.CausedByLoadFailure);

        // Other plugins stay usable.
        Assert.NotNull(catalog.Resolve<IRegrowthRule>(PluginKind.Regrowth, "gradient"));
    }

    [Fact]
    public void Should_list_the_available_names_When_resolving_an_unknown_name()
    {
        var catalog = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]);

        var ex = Assert.Throws<PluginResolutionException>(() => catalog.Resolve<IArchitecture>(PluginKind.Architecture, "resnet-9000"));

        Assert.Contains("resnet-9000", ex.Message);
        Assert.Contains("available", ex.Message);
        foreach (var name in catalog.NamesOf(PluginKind.Architecture))
        {
            Assert.Contains(name, ex.Message);
        }

        Assert.False(ex.CausedByLoadFailure);
    }

    [Fact]
    public void Should_mark_the_failure_as_caused_by_a_load_error_When_some_plugin_failed_to_load()
    {
        var bad = Path.Combine(_temp, "Bad");
        Directory.CreateDirectory(bad);
        File.WriteAllBytes(Path.Combine(bad, "Bad.dll"), [1, 2, 3]);

        var catalog = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins, _temp]);

        var ex = Assert.Throws<PluginResolutionException>(() => catalog.Resolve<IDataset>(PluginKind.Dataset, "no-such-dataset"));
        Assert.True(ex.CausedByLoadFailure);
    }

    public static TheoryData<string, string> IncompatiblePlugins => new()
    {
        // Implements an IRegrowthRule whose member set differs from the host's.
        { "FreeTickets.Fixtures.ChangedMembersPlugin", "Method 'Score' in type 'FreeTickets.Fixtures.ChangedMembersPlugin.ChangedMembersRegrowthRule'" },
        // Derives from a contract type the host does not have.
        { "FreeTickets.Fixtures.RemovedTypePlugin", "Could not load type 'FreeTickets.Abstractions.LegacyPluginBase' from assembly 'FreeTickets.Abstractions" },
        // Loads and can be created, but calls a contract member the host does not have.
        { "FreeTickets.Fixtures.MissingMemberPlugin", "Method not found: 'Double FreeTickets.Abstractions.MaskedLayer.get_Density()'" },
    };

    [Theory]
    [MemberData(nameof(IncompatiblePlugins))]
    public void Should_report_a_load_error_naming_the_assembly_and_the_contract_When_a_plugin_was_built_against_another_contract(string name, string reason)
    {
        var dll = Path.Combine(RepoPaths.IncompatiblePlugins, name, name + ".dll");
        Assert.True(File.Exists(dll), $"fixture not built: {dll}");

        var catalog = PluginDiscovery.Discover([Path.GetDirectoryName(dll)!]);

        var error = Assert.Single(catalog.Errors);
        Assert.Equal(dll, error.Source);
        Assert.StartsWith(
            $"incompatible plugin contract: built against a FreeTickets.Abstractions other than the host's {PluginDiscovery.ContractVersion} (",
            error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; rebuild the plugin against this version", error.Message, StringComparison.Ordinal);
        Assert.Empty(catalog.Plugins);
    }

    [Fact]
    public void Should_load_every_built_in_plugin_and_fail_only_the_incompatible_ones_When_both_are_discovered()
    {
        var catalog = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins, RepoPaths.IncompatiblePlugins]);
        var builtIns = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]);

        Assert.Equal(3, catalog.Errors.Count);
        Assert.All(catalog.Errors, e => Assert.StartsWith(RepoPaths.IncompatiblePlugins, e.Source, StringComparison.Ordinal));
        Assert.Equal(builtIns.Plugins.Select(p => (p.Kind, p.Name)), catalog.Plugins.Select(p => (p.Kind, p.Name)));
        var ex = Assert.Throws<PluginResolutionException>(() => catalog.Resolve<IPruningCriterion>(PluginKind.Pruning, "missing-member"));
        Assert.True(ex.CausedByLoadFailure);
    }
}
