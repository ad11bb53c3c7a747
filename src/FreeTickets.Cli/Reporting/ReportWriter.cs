using System.Text;
using FreeTickets.Core;
using FreeTickets.Core.Results;

namespace FreeTickets.Cli.Reporting;

/// <summary>
/// Writes <c>report.md</c> and its charts (<c>report/*.png</c>) for a results folder. Charts are rendered into a
/// temporary sibling folder that then replaces <c>report/</c> whole, and report.md is written atomically, so a failed
/// or interrupted report leaves the previous one in place.
/// </summary>
internal static class ReportWriter
{
    /// <summary>Folder of the charts, next to report.md.</summary>
    public const string ChartsFolderName = "report";

    /// <summary>The Markdown file.</summary>
    public const string MarkdownName = "report.md";

    /// <summary>Every chart, in report order.</summary>
    public static IReadOnlyList<IReportChart> Charts { get; } =
    [
        AccuracyCostChart.TrainingFlops(),
        AccuracyCostChart.TrainingTime(),
        AccuracyCostChart.InferenceTime(),
        MetricBarsChart.Calibration(),
        new ReliabilityChart(),
        MetricBarsChart.Diversity(),
        new DisagreementHeatmapChart(),
        TrainingCurvesChart.TrainLoss(),
        TrainingCurvesChart.ValidationAccuracy(),
        new LayerDensityChart(),
    ];

    /// <summary>Reads <paramref name="resultsFolder"/> and writes the report into <paramref name="outFolder"/> (default: the results folder).</summary>
    public static ReportResult Write(string resultsFolder, string? outFolder, CancellationToken cancellationToken)
    {
        var input = ResultsFolderReader.Read(resultsFolder);
        var output = outFolder ?? resultsFolder;
        if (File.Exists(output))
        {
            throw new BadInputException($"{output}: --out must be a folder, not a file");
        }

        Directory.CreateDirectory(output);
        var chartsFolder = Path.Combine(output, ChartsFolderName);
        if (File.Exists(chartsFolder))
        {
            throw new BadInputException($"{chartsFolder}: is a file; the report needs this name for its charts folder");
        }

        var staging = Path.Combine(output, $".{ChartsFolderName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var previous = staging + ".old";
        Directory.CreateDirectory(staging);
        try
        {
            var charts = new List<ChartFile>();
            var missing = new List<string>();
            var markdown = new StringBuilder();
            Header(markdown, resultsFolder, input);
            foreach (var group in ReportGroup.Split(input))
            {
                cancellationToken.ThrowIfCancellationRequested();
                markdown.Append("\n## ").Append(group.Title).Append("\n\n### Leaderboard\n\n");
                markdown.Append(LeaderboardMarkdown.Write(group.Rows)).Append('\n').Append(LeaderboardMarkdown.Legend).Append('\n');
                var notShown = new List<string>();
                foreach (var chart in Charts)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (chart.Missing(group) is { } reason)
                    {
                        notShown.Add($"- **{chart.Heading}**: not drawn: {reason}.");
                        missing.Add($"{group.Title}: {chart.Heading}: {reason}");
                        continue;
                    }

                    var file = chart.Render(group, staging);
                    charts.Add(file);
                    markdown.Append("\n### ").Append(file.Heading).Append("\n\n");
                    markdown.Append("![").Append(file.Heading).Append("](").Append(ChartsFolderName).Append('/').Append(file.FileName).Append(")\n\n");
                    markdown.Append(file.Caption).Append('\n');
                }

                if (notShown.Count > 0)
                {
                    markdown.Append("\n### Not shown\n\n").AppendJoin('\n', notShown).Append('\n');
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (Directory.Exists(chartsFolder))
            {
                Directory.Move(chartsFolder, previous);
            }

            Directory.Move(staging, chartsFolder);
            var markdownPath = Path.Combine(output, MarkdownName);
            AtomicFile.Write(markdownPath, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
                writer.Write(markdown.ToString());
            });
            return new ReportResult(markdownPath, chartsFolder, charts, missing);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            if (Directory.Exists(previous))
            {
                if (Directory.Exists(chartsFolder))
                {
                    Directory.Delete(previous, recursive: true);
                }
                else
                {
                    Directory.Move(previous, chartsFolder);
                }
            }
        }
    }

    private static void Header(StringBuilder markdown, string resultsFolder, ReportInput input)
    {
        static string Join(IEnumerable<string> values) => string.Join(", ", values.Distinct());
        var runs = input.Runs;
        var ok = runs.Count(r => r.Status == CellStatus.Ok);
        var first = input.Leaderboard[0];
        var folder = resultsFolder.Replace('\\', '/').TrimEnd('/');
        markdown.Append("# Report: ").Append(folder).Append("\n\n");
        markdown.Append("Written by `freetickets-bench report` from `leaderboard.csv`, `runs.csv`, `members.csv`, `curves.csv`");
        markdown.Append(input.Cells.Count > 0
            ? $" and the {input.Cells.Count} cell record(s) in `cells/` (reliability bins, pairwise disagreement, layer densities)"
            : " (there are no cell records in `cells/`: the charts that need them are listed under \"Not shown\")");
        markdown.Append(".\n\n");
        markdown.Append($"Matrix `{Join(runs.Select(r => r.Matrix))}`: {runs.Count} cell(s), {ok} finished");
        var diverged = runs.Count(r => r.Status == CellStatus.Diverged);
        var failed = runs.Count(r => r.Status == CellStatus.Failed);
        if (diverged + failed > 0)
        {
            markdown.Append($", {diverged} diverged, {failed} failed");
        }

        markdown.Append($". Trained with freetickets-bench {Join(input.Leaderboard.Select(r => r.ToolVersion))}, TorchSharp {first.TorchSharpVersion}, ");
        markdown.Append($"libtorch {Join(input.Leaderboard.Select(r => r.LibTorchVersion))} on {Join(input.Leaderboard.Select(r => r.Device))}, ");
        markdown.Append($"{Join(input.Leaderboard.Select(r => r.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture)))} thread(s).\n");
    }
}
