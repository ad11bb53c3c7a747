using FreeTickets.Abstractions;
using FreeTickets.Core.Plugins;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>The built plugin is found by the host's discovery, as <c>list</c> and <c>evaluation.ood: ["svhn"]</c> need.</summary>
public sealed class SvhnPluginDiscoveryTests
{
    [Fact]
    public void Should_find_svhn_as_a_dataset_When_discovering_the_built_in_folder()
    {
        var catalog = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]);

        Assert.Empty(catalog.Errors);
        Assert.Contains("svhn", catalog.NamesOf(PluginKind.Dataset));
        var dataset = catalog.Resolve<IDataset>(PluginKind.Dataset, "svhn");
        Assert.Equal("svhn", dataset.Name);
        Assert.Equal([3L, 32, 32], dataset.Spec.InputShape);
        Assert.Equal(catalog.Resolve<IDataset>(PluginKind.Dataset, "cifar10").Spec.InputShape, dataset.Spec.InputShape);
        Assert.NotNull(dataset.Spec.Normalization);
    }
}
