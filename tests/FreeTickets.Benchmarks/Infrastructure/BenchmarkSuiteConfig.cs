using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;

namespace FreeTickets.Benchmarks.Infrastructure;

/// <summary>
/// The suite's configuration: BenchmarkDotNet's defaults (loggers, columns, analysers, validators), the GitHub
/// Markdown and CSV exporters only (what results/perf commits), and the memory diagnoser, which shows managed
/// allocations per operation (TorchSharp's tensor wrappers are managed objects, so per-step allocations show up).
/// It declares no job on purpose: BenchmarkDotNet's command line ignores <c>--job</c> when the global config has a
/// default job, so jobs come from the command line (<c>--job Dry|Short|...</c>, <c>--inProcess</c>, counts) or are the
/// default job.
/// </summary>
public static class BenchmarkSuiteConfig
{
    /// <summary>Builds the configuration.</summary>
    public static IConfig Create()
    {
        var defaults = DefaultConfig.Instance;
        return ManualConfig.CreateEmpty()
            .AddColumnProvider(defaults.GetColumnProviders().ToArray())
            .AddLogger(defaults.GetLoggers().ToArray())
            .AddAnalyser(defaults.GetAnalysers().ToArray())
            .AddValidator(defaults.GetValidators().ToArray())
            .AddExporter(MarkdownExporter.GitHub, CsvExporter.Default)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .WithOptions(defaults.Options)
            .WithArtifactsPath(defaults.ArtifactsPath)
            .WithSummaryStyle(defaults.SummaryStyle)
            .WithUnionRule(defaults.UnionRule)
            .WithBuildTimeout(TimeSpan.FromMinutes(5));
    }
}
