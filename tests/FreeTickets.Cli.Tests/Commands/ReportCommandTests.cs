using FreeTickets.Cli.Tests.Reporting;

namespace FreeTickets.Cli.Tests.Commands;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-report-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_write_report_md_and_charts_into_the_out_folder_When_out_is_given()
    {
        var folder = ReportFolders.CopyCommittedCi(_root);
        var output = Path.Combine(_root, "out");

        var result = await CliHarness.RunAsync(["report", folder, "--out", output]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"report: {Path.Combine(output, "report.md")} (5 chart(s))", result.Output);
        Assert.Contains("not drawn: mnist / mlp-300-100: Reliability diagrams", result.Output);
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
        Assert.Equal(5, Directory.GetFiles(Path.Combine(output, "report"), "*.png").Length);
        Assert.False(File.Exists(Path.Combine(folder, "report.md")));
        Assert.False(Directory.Exists(Path.Combine(folder, "report")));
    }

    [Fact]
    public async Task Should_exit_2_with_one_line_When_the_folder_does_not_exist()
    {
        var missing = Path.Combine(_root, "nope");

        var result = await CliHarness.RunAsync(["report", missing]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{missing}: no such results folder", result.SingleErrorLine());
        Assert.False(Directory.Exists(missing));
    }

    [Theory]
    [InlineData("runs.csv", null, "runs.csv: missing")]
    [InlineData("curves.csv", null, "curves.csv: missing")]
    [InlineData("leaderboard.csv", "method,accuracy\nx,not-a-number\n", "leaderboard.csv: not a readable leaderboard table")]
    [InlineData("members.csv", "\u0000\u0001garbage", "members.csv: not a readable members table")]
    [InlineData("runs.csv", "", "runs.csv: not a readable runs table")]
    public async Task Should_exit_2_naming_the_file_and_write_nothing_When_a_table_is_missing_or_corrupt(string file, string? content, string expected)
    {
        var folder = ReportFolders.CopyCommittedCi(_root);
        if (content is null)
        {
            File.Delete(Path.Combine(folder, file));
        }
        else
        {
            File.WriteAllText(Path.Combine(folder, file), content);
        }

        var result = await CliHarness.RunAsync(["report", folder]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.SingleErrorLine());
        Assert.False(File.Exists(Path.Combine(folder, "report.md")));
        Assert.False(Directory.Exists(Path.Combine(folder, "report")));
    }

    [Fact]
    public async Task Should_exit_2_When_the_leaderboard_has_no_rows()
    {
        var folder = ReportFolders.CopyCommittedCi(_root);
        var path = Path.Combine(folder, "leaderboard.csv");
        File.WriteAllText(path, File.ReadLines(path).First() + "\n");

        var result = await CliHarness.RunAsync(["report", folder]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("leaderboard.csv: no rows", result.SingleErrorLine());
    }

    [Fact]
    public async Task Should_exit_2_naming_the_record_When_a_cell_record_is_corrupt()
    {
        var folder = ReportFolders.CopyCommittedCi(_root);
        Directory.CreateDirectory(Path.Combine(folder, "cells"));
        File.WriteAllText(Path.Combine(folder, "cells", "dense_mlp-300-100_mnist_s0_seed1.json"), "{ \"Run\": ");

        var result = await CliHarness.RunAsync(["report", folder]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("dense_mlp-300-100_mnist_s0_seed1.json: corrupt cell record", result.SingleErrorLine());
        Assert.False(File.Exists(Path.Combine(folder, "report.md")));
    }

    [Fact]
    public async Task Should_exit_2_When_out_is_a_file()
    {
        var folder = ReportFolders.CopyCommittedCi(_root);
        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "");

        var result = await CliHarness.RunAsync(["report", folder, "--out", file]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--out must be a folder", result.SingleErrorLine());
    }
}
