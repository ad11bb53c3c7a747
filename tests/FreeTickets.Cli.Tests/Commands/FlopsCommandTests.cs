namespace FreeTickets.Cli.Tests.Commands;

public sealed class FlopsCommandTests
{
    [Fact]
    public async Task Should_print_a_row_per_method_When_computing_flops_of_the_smoke_matrix()
    {
        var result = await CliHarness.RunAsync(["flops", "--matrix", "smoke", "--config", CliHarness.RepoConfig, "--threads", "1", .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Error);
        foreach (var method in new[] { "dense", "dense-ensemble", "dst-ensemble", "edst-ensemble" })
        {
            Assert.Contains(method, result.Output);
        }

        Assert.Contains("mlp-300-100", result.Output);
    }

    [Fact]
    public async Task Should_exit_2_naming_the_matrices_When_the_matrix_is_unknown()
    {
        var result = await CliHarness.RunAsync(["flops", "--matrix", "nope", "--config", CliHarness.RepoConfig, .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("available: ablation-prune-regrow, ci, fashion-lenet5, paper-cifar10-wrn28-10", result.SingleErrorLine());
    }
}
