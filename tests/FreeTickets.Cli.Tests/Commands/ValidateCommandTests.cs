namespace FreeTickets.Cli.Tests.Commands;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"freetickets-validate-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Should_accept_the_repository_config_When_validating()
    {
        var result = await CliHarness.RunAsync(["validate", "--config", CliHarness.RepoConfig, .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ok", result.Output);
        Assert.Contains("smoke", result.Output);
    }

    [Fact]
    public async Task Should_print_every_error_and_exit_2_When_the_config_has_several_errors()
    {
        File.WriteAllText(_path, """
            {
              "bogus": 1,
              "matrices": {
                "m": {
                  "typo": true,
                  "datasets": ["synthetic"], "architectures": ["mlp-300-100"], "methods": ["edst-ensemble"],
                  "sparsities": [1.0], "seeds": [1],
                  "ensemble": { "explorationRate": 1.5 }
                }
              }
            }
            """);

        var result = await CliHarness.RunAsync(["validate", "--config", _path, .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 2, result.ToString());
        foreach (var part in new[] { "bogus", "matrices.m.typo", "matrices.m.sparsities[0]", "ensemble.explorationRate" })
        {
            Assert.Contains(part, result.Output);
        }

        Assert.Equal(4, result.Output.Split('\n').Count(l => l.StartsWith("error: ", StringComparison.Ordinal)));
        Assert.Contains("4 error(s)", result.SingleErrorLine());
    }

    [Fact]
    public async Task Should_report_unknown_plugin_names_When_the_config_is_otherwise_valid()
    {
        File.WriteAllText(_path, """
            { "matrices": { "m": { "datasets": ["cifar-11"], "architectures": ["mlp-300-100"], "methods": ["dense"], "seeds": [1] } } }
            """);

        var result = await CliHarness.RunAsync(["validate", "--config", _path, .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("cifar-11", result.Output);
        Assert.Contains("synthetic", result.Output); // the available datasets are listed
        result.SingleErrorLine();
    }

    [Fact]
    public async Task Should_exit_2_with_line_and_column_When_the_json_is_malformed()
    {
        File.WriteAllText(_path, "{ \"matrices\": { \n  \"m\": [ }");

        var result = await CliHarness.RunAsync(["validate", "--config", _path, .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Matches("line 2, column", result.Output);
        result.SingleErrorLine();
    }
}
