using System.Globalization;
using FreeTickets.Abstractions;
using FreeTickets.Core.Flops;
using FreeTickets.Core.Running;
using FreeTickets.Plugins.Architecture.WideResNet;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Plugins.Tests.Architectures;

/// <summary>
/// The engine's FLOPs accounting for WRN-28-10 on CIFAR-10 against the reference in docs/architecture.md#flops and
/// the per-layer table computed from the original code's ERK (tests/Fixtures/wrn-28-10-cifar10-erk.csv).
/// </summary>
public sealed class WideResNetFlopsReferenceTests
{
    private static readonly DatasetSpec _cifar10 = new([3, 32, 32], 10, 50_000, 10_000);
    private static readonly Lazy<ModelCost> _cost = new(() => ModelCosts.Measure(new WideResNet28x10Architecture(), _cifar10));

    [Fact]
    public void Should_count_the_reference_dense_macs_and_params_per_layer()
    {
        var cost = _cost.Value;
        var reference = ReferenceLayers();

        Assert.Equal(reference.Select(r => (r.Name, r.Weights, r.Macs)), cost.SparsifiableLayers.Select(l => (l.Name, l.Weights, l.MacsPerExample)));
        Assert.Equal(36_479_194L, cost.TotalParams);
        Assert.Equal(5.243e9, cost.DenseMacsPerExample, 0.0005e9);
    }

    [Theory]
    [InlineData(0.8, 0.340)]
    [InlineData(0.9, 0.169)]
    public void Should_reproduce_the_reference_erk_densities_and_sparse_to_dense_forward_ratio(double sparsity, double expectedRatio)
    {
        var cost = _cost.Value;
        var densities = FlopsTable.DensitiesOf(cost, "erk", sparsity);
        var column = sparsity == 0.8 ? 0 : 1;

        foreach (var layer in ReferenceLayers())
        {
            Assert.Equal(layer.ErkDensities[column], densities[layer.Name], 0.000_002);
        }

        var ratio = FlopsCalculator.SparseForwardFlops(cost, densities) / FlopsCalculator.DenseForwardFlops(cost);
        Assert.InRange(ratio, expectedRatio * 0.98, expectedRatio * 1.02);
    }

    private sealed record ReferenceLayer(string Name, long Weights, long Macs, double[] ErkDensities);

    private static List<ReferenceLayer> ReferenceLayers() =>
        File.ReadLines(TestFixtures.WrnErkReference)
            .Skip(1)
            .Select(line => line.Split(','))
            .Select(c => new ReferenceLayer(
                c[0] + ".weight",
                long.Parse(c[3], CultureInfo.InvariantCulture),
                long.Parse(c[4], CultureInfo.InvariantCulture),
                [double.Parse(c[5], CultureInfo.InvariantCulture), double.Parse(c[6], CultureInfo.InvariantCulture)]))
            .ToList();
}
