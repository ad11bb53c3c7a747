using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Tests.Config;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Running;

public sealed class MatrixRunnerBadInputTests
{
    [Fact]
    public void Should_refuse_before_training_When_the_architecture_cannot_take_the_datasets_inputs()
    {
        using var config = new TempConfig(TempConfig.Minimal(methods: "\"dense\"").Replace("mlp-300-100", "lenet5", StringComparison.Ordinal));
        var matrix = BenchmarkConfigLoader.Load(config.Path).Matrix("m");
        var provenance = new Provenance("test", TorchRuntime.TorchSharpVersion, TorchRuntime.LibTorchVersion, "cpu", TorchRuntime.Threads);
        var runner = new MatrixRunner(PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]), provenance, NullRunObserver.Instance);
        var output = Path.Combine(Path.GetTempPath(), $"freetickets-incompatible-{Guid.NewGuid():N}");

        var ex = Assert.Throws<BadInputException>(() => runner.Run(matrix, new RunOptions(output, "cpu"), CancellationToken.None));

        Assert.Contains("architecture 'lenet5' cannot train on dataset 'synthetic' (inputs 1x8x8", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "nothing is written for bad input");
    }

    [Fact]
    public void Should_refuse_before_writing_When_a_matrix_built_in_code_has_a_cell_id_that_is_not_a_plain_file_name()
    {
        // The loader's name rules keep such names out of a config; a matrix built in code meets this guard.
        var settings = new Dictionary<string, MethodSettings> { [MethodNames.Dense] = new() };
        var matrix = new MatrixDefinition("m", "", ["../../synthetic"], ["mlp-300-100"], [MethodNames.Dense], [], [1], settings);
        var provenance = new Provenance("test", TorchRuntime.TorchSharpVersion, TorchRuntime.LibTorchVersion, "cpu", TorchRuntime.Threads);
        var runner = new MatrixRunner(PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]), provenance, NullRunObserver.Instance);
        var output = Path.Combine(Path.GetTempPath(), $"freetickets-cell-id-{Guid.NewGuid():N}");

        var ex = Assert.Throws<BadInputException>(() => runner.Run(matrix, new RunOptions(output, "cpu"), CancellationToken.None));

        Assert.Equal(
            "matrices.m: cell id must be a plain file name of names matching [a-z0-9][a-z0-9._-]*, at most 190 characters (got 'dense_mlp-300-100_../../synthetic_s0_seed1')",
            ex.Message);
        Assert.False(Directory.Exists(output), "nothing is written for bad input");
    }
}
