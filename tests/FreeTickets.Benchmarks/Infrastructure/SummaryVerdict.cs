using BenchmarkDotNet.Reports;

namespace FreeTickets.Benchmarks.Infrastructure;

/// <summary>
/// Whether a run really measured every benchmark it selected. BenchmarkDotNet returns normally (and a program that just
/// calls it exits 0) when a build fails, a child process crashes in its setup, or a filter matches nothing; CI needs a
/// non-zero exit in all of those cases, so every selected case must have a successful report with statistics.
/// </summary>
public static class SummaryVerdict
{
    /// <summary>One line per problem; empty when every selected benchmark case produced measurements.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<Summary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var problems = new List<string>();
        if (summaries.Count == 0 || summaries.All(s => s.BenchmarksCases.Length == 0))
        {
            problems.Add("no benchmark was selected (check --filter)");
            return problems;
        }

        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors)
            {
                var errors = summary.ValidationErrors.Where(e => e.IsCritical).Select(e => e.Message);
                problems.Add($"{summary.Title}: critical validation errors: {string.Join(" | ", errors)}");
            }

            foreach (var benchmarkCase in summary.BenchmarksCases)
            {
                var name = benchmarkCase.DisplayInfo;
                var report = summary.Reports.FirstOrDefault(r => ReferenceEquals(r.BenchmarkCase, benchmarkCase));
                if (report is null)
                {
                    problems.Add($"{name}: no report");
                }
                else if (!report.GenerateResult.IsGenerateSuccess || !report.BuildResult.IsBuildSuccess)
                {
                    problems.Add($"{name}: build failed: {report.BuildResult.ErrorMessage ?? report.GenerateResult.GenerateException?.Message}");
                }
                else if (report.ExecuteResults.Count == 0 || report.ExecuteResults.Any(r => !r.IsSuccess))
                {
                    var codes = string.Join(", ", report.ExecuteResults.Select(r => r.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"));
                    problems.Add($"{name}: the benchmark failed to run (exit codes: {(codes.Length == 0 ? "no run" : codes)})");
                }
                else if (!report.Success || report.ResultStatistics is null || report.ResultStatistics.N == 0)
                {
                    problems.Add($"{name}: no measurements");
                }
            }
        }

        return problems;
    }
}
