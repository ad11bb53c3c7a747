using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Running;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Plugins.Tests.Architectures;

/// <summary>
/// The repository's paper matrices, as `flops` computes them, against docs/architecture.md#flops (within 2%): f_S/f_D
/// 0.340 (S=0.8) and 0.169 (S=0.9), DST M=3 ~1.02x and EDST M=3 ~0.61x dense training FLOPs, dense 5.243 GMACs and
/// 36.48M params.
/// </summary>
public sealed class PaperMatrixFlopsTests
{
    private static readonly Lazy<IReadOnlyList<FlopsTable.Row>> _cifar10 = new(() => Compute("paper-cifar10-wrn28-10"));

    [Theory]
    [InlineData("dense", 1.0, 1.0)]
    [InlineData("dense-ensemble", 1.0, 3.0)]
    [InlineData("dst-ensemble", 0.340, 1.02)]
    [InlineData("edst-ensemble", 0.340, 0.61)]
    public void Should_reproduce_the_papers_relative_costs_When_computing_the_cifar10_matrix(string method, double ratio, double training)
    {
        var row = _cifar10.Value.Single(r => r.Method == method);

        Assert.InRange(row.SparseOverDense, ratio * 0.98, ratio * 1.02);
        Assert.InRange(row.TrainRelDense, training * 0.98, training * 1.02);
        Assert.Equal(5.243e9, row.DenseForward / 2, 0.0005e9);
    }

    [Fact]
    public void Should_count_the_dense_wrn_28_10_parameters()
    {
        Assert.Equal(36_479_194L, _cifar10.Value.Single(r => r.Method == "dense").Params);
        Assert.Equal(3 * 36_479_194L, _cifar10.Value.Single(r => r.Method == "dense-ensemble").Params);
    }

    [Fact]
    public void Should_cost_850_epochs_at_a_sixth_of_dense_When_edst_has_seven_tickets_at_sparsity_0_9()
    {
        var row = Compute("paper-cifar10-wrn28-10-m7").Single();

        Assert.Equal(7, row.Members);
        Assert.Equal(850, row.Epochs);
        Assert.InRange(row.SparseOverDense, 0.169 * 0.98, 0.169 * 1.02);
        Assert.InRange(row.TrainRelDense, 850.0 / 250 * 0.169 * 0.98, 850.0 / 250 * 0.170 * 1.02);
    }

    private static IReadOnlyList<FlopsTable.Row> Compute(string matrix)
    {
        var config = BenchmarkConfigLoader.Load(Path.Combine(RepoPaths.Root, "benchmarks.json"));
        return FlopsTable.Compute(config.Matrix(matrix), PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]));
    }
}
