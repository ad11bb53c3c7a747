using FreeTickets.Abstractions;
using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Tests.Config;
using FreeTickets.Tests.Shared;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Running;

public sealed class GradientStatisticsCostTests
{
    [Fact]
    public void Should_refuse_to_train_When_a_rule_asks_for_dense_gradient_statistics_but_declares_a_cheaper_cost()
    {
        // The FLOPs columns would understate such a run: a running statistic needs the dense gradient at every step.
        using var config = new TempConfig(TempConfig.Minimal(matrixExtra: "\"sparse\": { \"regrow\": \"test-understated\" },", methods: "\"dst-ensemble\""));
        var matrix = BenchmarkConfigLoader.Load(config.Path).Matrix("m");
        var builtIn = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]);
        var rule = new UnderstatedRule();
        var catalog = new PluginCatalog(
            [.. builtIn.Plugins, new PluginDescriptor(PluginKind.Regrowth, rule.Name, rule.Description, typeof(UnderstatedRule).Assembly.Location, "0", rule)],
            builtIn.Errors);
        var provenance = new Provenance("test", TorchRuntime.TorchSharpVersion, TorchRuntime.LibTorchVersion, "cpu", TorchRuntime.Threads);
        var output = Directory.CreateTempSubdirectory("freetickets-understated-").FullName;
        try
        {
            var ex = Assert.Throws<InvalidOperationException>(
                () => new MatrixRunner(catalog, provenance, NullRunObserver.Instance).Run(matrix, new RunOptions(output, "cpu"), CancellationToken.None));

            Assert.Contains("regrowth rule 'test-understated' asks for dense-gradient statistics (Momentum)", ex.Message, StringComparison.Ordinal);
            Assert.Contains(nameof(RegrowthCost.DenseGradientEveryStep), ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private sealed class UnderstatedRule : IRegrowthRule
    {
        public string Name => "test-understated";

        public string Description => "asks for momentum but declares RigL's cost (test only)";

        public GradientStatistics GradientStatistics => GradientStatistics.Momentum;

        public Tensor Score(MaskedLayer layer, MaskUpdateContext context) => zeros_like(layer.Weight);
    }
}
