using FreeTickets.Cli.Reporting;
using FreeTickets.Cli.Tests.Commands;
using FreeTickets.Core.Results;

namespace FreeTickets.Cli.Tests.Reporting;

[Collection(SmokeRunCollection.Name)]
public sealed class ReportWriterTests(SmokeRunFixture smoke) : IDisposable
{
    private static readonly string[] _everyChart =
    [
        "accuracy-vs-flops", "accuracy-vs-train-time", "accuracy-vs-inference-time", "nll-ece", "reliability", "diversity",
        "disagreement-heatmap", "curves-train-loss", "curves-validation-accuracy", "layer-density",
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-report-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Should_write_every_chart_as_a_real_png_When_the_folder_has_cell_records()
    {
        var folder = ReportFolders.Copy(smoke.OutDir, _root, "smoke", withCells: true);

        var result = ReportWriter.Write(folder, null, CancellationToken.None);

        Assert.Empty(result.Missing);
        Assert.Equal([.. _everyChart.Select(c => $"synthetic_mlp-300-100_{c}.png")], result.Charts.Select(c => c.FileName));
        foreach (var chart in result.Charts)
        {
            PngAssert.IsChart(Path.Combine(folder, "report", chart.FileName), chart.Width, chart.Height);
        }

        Assert.Equal(result.Charts.Count, Directory.GetFiles(Path.Combine(folder, "report")).Length);
    }

    [Fact]
    public void Should_reference_every_chart_in_report_md_When_writing_the_report()
    {
        var folder = ReportFolders.Copy(smoke.OutDir, _root, "smoke", withCells: true);

        var result = ReportWriter.Write(folder, null, CancellationToken.None);

        var markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        foreach (var file in Directory.GetFiles(Path.Combine(folder, "report")))
        {
            Assert.Contains($"](report/{Path.GetFileName(file)})", markdown);
        }

        Assert.Equal(result.Charts.Count, markdown.Split("![").Length - 1);
        Assert.Contains("| Method | S | M | Seeds ok | Accuracy (%) ↑ | NLL ↓", markdown);
        Assert.DoesNotContain("Not shown", markdown);
    }

    [Fact]
    public void Should_draw_what_the_tables_allow_and_list_the_rest_When_there_are_no_cell_records()
    {
        var folder = ReportFolders.CopyCommittedCi(_root);

        var result = ReportWriter.Write(folder, null, CancellationToken.None);

        Assert.Equal(
            ["accuracy-vs-flops", "nll-ece", "diversity", "curves-train-loss", "curves-validation-accuracy"],
            result.Charts.Select(c => c.FileName.Replace("mnist_mlp-300-100_", "", StringComparison.Ordinal).Replace(".png", "", StringComparison.Ordinal)));
        foreach (var chart in result.Charts)
        {
            PngAssert.IsChart(Path.Combine(folder, "report", chart.FileName), chart.Width, chart.Height);
        }

        var markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("### Not shown", markdown);
        foreach (var heading in new[] { "Reliability diagrams", "Pairwise member disagreement", "Density per layer" })
        {
            Assert.Contains($"- **{heading}**: not drawn: the folder has no cell records", markdown);
        }

        // results/ci predates the measured times: their charts are skipped with a note, and the table keeps its columns.
        Assert.Contains("- **Accuracy vs measured training time**: not drawn: no finished cell has a training time relative to a dense cell", markdown);
        Assert.Contains("- **Accuracy vs measured inference time**: not drawn: no finished cell has a measured inference time", markdown);
        Assert.DoesNotContain("Train time (× dense)", markdown);
        Assert.Equal(5, result.Missing.Count);
    }

    [Fact]
    public void Should_draw_the_measured_twins_of_the_flops_chart_When_the_leaderboard_has_measured_times()
    {
        var folder = ReportFolders.CopyCommittedCi(_root);
        var path = Path.Combine(folder, "leaderboard.csv");
        var rows = ResultTables.ReadCsv<LeaderboardRow>(path);
        ResultTables.WriteCsv(path, rows.Select(r => r with
        {
            TrainSecondsMean = 100 * r.TrainFlopsRelDense,
            TrainTimeRelDense = 1.25 * r.TrainFlopsRelDense,
            InferMsB128Mean = 0.5 * r.InferenceFlopsRelDense,
            InferMsB1Mean = 0.05 * r.InferenceFlopsRelDense,
        }));

        var result = ReportWriter.Write(folder, null, CancellationToken.None);

        Assert.Equal(
            ["accuracy-vs-flops", "accuracy-vs-train-time", "accuracy-vs-inference-time", "nll-ece", "diversity", "curves-train-loss", "curves-validation-accuracy"],
            result.Charts.Select(c => c.FileName.Replace("mnist_mlp-300-100_", "", StringComparison.Ordinal).Replace(".png", "", StringComparison.Ordinal)));
        foreach (var chart in result.Charts)
        {
            PngAssert.IsChart(Path.Combine(folder, "report", chart.FileName), chart.Width, chart.Height);
        }

        var markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("### Accuracy vs measured training time", markdown);
        Assert.Contains("### Accuracy vs measured inference time", markdown);
        Assert.Contains("| Train time (× dense) | Inference (ms / 128) |", markdown);
        Assert.Equal(3, result.Missing.Count);
    }

    [Fact]
    public void Should_leave_out_an_entry_whose_seeds_all_failed_When_drawing_and_say_so_in_the_table()
    {
        var folder = ReportFolders.CopyCommittedCi(_root);
        var path = Path.Combine(folder, "leaderboard.csv");
        var rows = ResultTables.ReadCsv<LeaderboardRow>(path);
        ResultTables.WriteCsv(path, rows.Select(r => r.Method == "edst-ensemble" && r.Sparsity == 0.9
            ? r with { Ok = 0, Failed = 2, AccuracyMean = double.NaN, AccuracyStd = double.NaN, NllMean = double.NaN, EceMean = double.NaN }
            : r));

        var result = ReportWriter.Write(folder, null, CancellationToken.None);

        Assert.Equal(5, result.Charts.Count);
        foreach (var chart in result.Charts)
        {
            PngAssert.IsChart(Path.Combine(folder, "report", chart.FileName), chart.Width, chart.Height);
        }

        Assert.Contains("| edst-ensemble | 0.9 | 3 | 0/2 (2 failed) | – | – | – |", File.ReadAllText(Path.Combine(folder, "report.md")));
    }

    [Fact]
    public void Should_replace_the_previous_charts_and_leave_no_temporary_files_When_writing_again()
    {
        var folder = ReportFolders.CopyCommittedCi(_root);
        Directory.CreateDirectory(Path.Combine(folder, "report"));
        File.WriteAllText(Path.Combine(folder, "report", "stale.png"), "old");

        var result = ReportWriter.Write(folder, null, CancellationToken.None);

        Assert.False(File.Exists(Path.Combine(folder, "report", "stale.png")));
        Assert.Equal(result.Charts.Count, Directory.GetFiles(Path.Combine(folder, "report")).Length);
        Assert.Equal(["ci/curves.csv", "ci/leaderboard.csv", "ci/members.csv", "ci/report", "ci/report.md", "ci/runs.csv"],
            Directory.GetFileSystemEntries(folder).Select(p => "ci/" + Path.GetFileName(p)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_keep_the_previous_report_When_cancelled()
    {
        var folder = ReportFolders.CopyCommittedCi(_root);
        ReportWriter.Write(folder, null, CancellationToken.None);
        var before = File.ReadAllBytes(Path.Combine(folder, "report.md"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ReportWriter.Write(folder, null, cancelled.Token));

        Assert.Equal(before, File.ReadAllBytes(Path.Combine(folder, "report.md")));
        Assert.Equal(5, Directory.GetFiles(Path.Combine(folder, "report")).Length);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(folder), p => Path.GetFileName(p).StartsWith('.'));
    }
}
