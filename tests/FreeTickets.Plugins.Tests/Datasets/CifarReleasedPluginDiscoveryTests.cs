using FreeTickets.Abstractions;
using FreeTickets.Core.Plugins;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>
/// The released-code variants are found by the host's discovery next to the datasets they vary, with the normalisation
/// that corruptions and out-of-distribution re-normalisation read.
/// </summary>
public sealed class CifarReleasedPluginDiscoveryTests
{
    [Fact]
    public void Should_find_both_released_variants_next_to_cifar10_and_cifar100_When_discovering_the_built_in_folder()
    {
        var catalog = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]);

        Assert.Empty(catalog.Errors);
        var names = catalog.NamesOf(PluginKind.Dataset);
        Assert.Equal(["cifar10", "cifar10-released", "cifar100", "cifar100-released"], names.Where(n => n.StartsWith("cifar", StringComparison.Ordinal)));
        var cifar10 = catalog.Resolve<IDataset>(PluginKind.Dataset, "cifar10");
        var cifar10Released = catalog.Resolve<IDataset>(PluginKind.Dataset, "cifar10-released");
        var cifar100 = catalog.Resolve<IDataset>(PluginKind.Dataset, "cifar100");
        var cifar100Released = catalog.Resolve<IDataset>(PluginKind.Dataset, "cifar100-released");

        Assert.Equal([0.2470f, 0.2435f, 0.2616f], cifar10.Spec.Normalization!.Std);
        Assert.Equal([0.2023f, 0.1994f, 0.2010f], cifar10Released.Spec.Normalization!.Std);
        Assert.Equal(cifar10.Spec.Normalization.Mean, cifar10Released.Spec.Normalization.Mean);
        Assert.Equal(cifar100.Spec.Normalization!.Mean, cifar100Released.Spec.Normalization!.Mean);
        Assert.Equal(cifar100.Spec.Normalization.Std, cifar100Released.Spec.Normalization.Std);
        Assert.Equal(cifar100.Spec.NumClasses, cifar100Released.Spec.NumClasses);
        Assert.Equal(cifar10.Spec.TrainSize, cifar10Released.Spec.TrainSize);
    }
}
