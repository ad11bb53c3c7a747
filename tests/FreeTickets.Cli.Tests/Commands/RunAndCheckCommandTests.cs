using FreeTickets.Core.Results;

namespace FreeTickets.Cli.Tests.Commands;

[Collection(SmokeRunCollection.Name)]
public sealed class RunAndCheckCommandTests(SmokeRunFixture smoke)
{
    [Fact]
    public void Should_exit_0_and_write_the_four_tables_When_running_the_smoke_matrix()
    {
        Assert.True(smoke.Result.ExitCode == 0, smoke.Result.ToString());
        Assert.Empty(smoke.Result.Error);
        foreach (var file in new[] { "leaderboard.csv", "runs.csv", "members.csv", "curves.csv" })
        {
            Assert.True(File.Exists(Path.Combine(smoke.OutDir, file)), file);
        }

        Assert.Contains("4 cell(s) trained", smoke.Result.Output);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(smoke.OutDir, "cells"), "*.json").Length);
    }

    [Fact]
    public async Task Should_resume_without_training_When_running_again_into_the_same_folder()
    {
        var copy = smoke.CopyOfResults("resume-source");
        Directory.CreateDirectory(Path.Combine(copy, "cells"));
        foreach (var file in Directory.GetFiles(Path.Combine(smoke.OutDir, "cells")))
        {
            File.Copy(file, Path.Combine(copy, "cells", Path.GetFileName(file)));
        }

        var result = await CliHarness.RunAsync(
            ["run", "--matrix", "smoke", "--config", CliHarness.RepoConfig, "--out", copy, "--threads", "1", "--device", "cpu", "--quiet", .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("0 cell(s) trained, 4 already finished", result.Output);
        Assert.Equal(File.ReadAllBytes(Path.Combine(smoke.OutDir, "runs.csv")), File.ReadAllBytes(Path.Combine(copy, "runs.csv")));
    }

    [Fact]
    public async Task Should_exit_2_naming_the_available_matrices_When_the_matrix_is_unknown()
    {
        var result = await CliHarness.RunAsync(
            ["run", "--matrix", "nope", "--config", CliHarness.RepoConfig, "--out", Path.Combine(smoke.Root, "nope"), "--threads", "1", .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = result.SingleErrorLine();
        Assert.Contains("nope", line);
        Assert.Contains("available: ablation-prune-regrow, ci, fashion-lenet5, paper-cifar10-wrn28-10", line);
        Assert.False(Directory.Exists(Path.Combine(smoke.Root, "nope")));
    }

    [Theory]
    [InlineData("--shard", "3/2")]
    [InlineData("--threads", "0")]
    [InlineData("--device", "tpu")]
    public async Task Should_exit_2_with_one_line_When_an_option_is_invalid(string option, string value)
    {
        var result = await CliHarness.RunAsync(
            ["run", "--matrix", "smoke", "--config", CliHarness.RepoConfig, "--out", Path.Combine(smoke.Root, "bad"), option, value, .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(option, result.SingleErrorLine());
    }

    [Fact]
    public async Task Should_exit_0_When_checking_identical_results()
    {
        var committed = smoke.CopyOfResults("committed-same");

        var result = await CliHarness.RunAsync("check", "--matrix", "smoke", "--config", CliHarness.RepoConfig, "--fresh", smoke.OutDir, "--against", committed);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Error);
        Assert.Contains("match", result.Output);
    }

    [Fact]
    public async Task Should_exit_1_with_one_line_When_a_committed_accuracy_was_edited()
    {
        var committed = smoke.CopyOfResults("committed-edited");
        var path = Path.Combine(committed, "leaderboard.csv");
        var rows = ResultTables.ReadCsv<LeaderboardRow>(path);
        var edited = rows.Select(r => r.Method == "edst-ensemble" ? r with { AccuracyMean = r.AccuracyMean + 0.01 } : r).ToList();
        ResultTables.WriteCsv(path, edited);

        var result = await CliHarness.RunAsync("check", "--matrix", "smoke", "--config", CliHarness.RepoConfig, "--fresh", smoke.OutDir, "--against", committed);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("drifted", result.SingleErrorLine());
        Assert.Contains("edst-ensemble", result.Output);
        Assert.Contains("accuracy_mean", result.Output);
    }

    [Fact]
    public async Task Should_exit_2_When_there_is_no_committed_leaderboard()
    {
        var result = await CliHarness.RunAsync("check", "--matrix", "smoke", "--config", CliHarness.RepoConfig, "--fresh", smoke.OutDir, "--against", Path.Combine(smoke.Root, "missing"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no committed leaderboard", result.SingleErrorLine());
    }
}
