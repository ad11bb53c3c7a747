namespace FreeTickets.Cli.Tests.Commands;

public sealed class ListCommandTests
{
    [Fact]
    public async Task Should_print_every_plugin_and_the_torch_self_test_When_listing()
    {
        var result = await CliHarness.RunAsync(["list", .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Error);
        foreach (var name in new[] { "magnitude", "set", "taylor", "random", "gradient", "momentum", "gradient-momentum", "mlp-300-100", "lenet5", "lenet5-caffe", "wrn-16-8", "wrn-28-2", "wrn-28-10", "vgg-c", "resnet-18", "resnet-50", "mnist", "fashion-mnist", "svhn", "synthetic", "cifar10", "cifar10-released", "cifar100", "cifar100-released" })
        {
            Assert.Contains(name, result.Output);
        }

        foreach (var kind in new[] { "pruning criterion", "regrowth rule", "architecture", "dataset" })
        {
            Assert.Contains(kind, result.Output);
        }

        Assert.Contains("self-test ok", result.Output);
        Assert.Contains("no load errors", result.Output);
    }

    [Fact]
    public async Task Should_exit_2_with_one_line_When_the_plugin_folder_does_not_exist()
    {
        var result = await CliHarness.RunAsync("list", "--plugins", "/nonexistent");

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = result.SingleErrorLine();
        Assert.StartsWith("error: ", line);
        Assert.Contains("/nonexistent", line);
    }

    [Fact]
    public async Task Should_exit_2_with_one_line_When_the_command_is_unknown()
    {
        var result = await CliHarness.RunAsync("frobnicate");

        Assert.True(result.ExitCode == 2, result.ToString());
        result.SingleErrorLine();
    }

    [Fact]
    public async Task Should_exit_2_naming_the_field_When_the_configs_plugin_paths_are_not_a_list_of_strings()
    {
        var config = Path.Combine(Path.GetTempPath(), $"freetickets-list-{Guid.NewGuid():N}.json");
        File.WriteAllText(config, "{ \"pluginPaths\": \"plugins\", \"matrices\": {} }");
        try
        {
            var result = await CliHarness.RunAsync(["list", "--config", config, .. CliHarness.PluginArgs]);

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Equal($"error: {config}: pluginPaths: expected a list of strings", result.SingleErrorLine());
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task Should_exit_2_naming_the_entry_When_a_plugin_folder_of_the_config_does_not_exist()
    {
        // Resolved against the config's folder: a typo there would otherwise lose the plugins without a word.
        var dir = Directory.CreateTempSubdirectory("freetickets-list-").FullName;
        var config = Path.Combine(dir, "benchmarks.json");
        Directory.CreateDirectory(Path.Combine(dir, "plugins"));
        File.WriteAllText(config, "{ \"pluginPaths\": [\"plugins\", \"plugns\"], \"matrices\": {} }");
        try
        {
            var result = await CliHarness.RunAsync(["list", "--config", config, .. CliHarness.PluginArgs]);

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Equal($"error: {config}: pluginPaths[1]: folder does not exist (got 'plugns')", result.SingleErrorLine());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
