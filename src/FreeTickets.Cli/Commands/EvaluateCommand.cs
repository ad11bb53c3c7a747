using System.Globalization;
using FreeTickets.Core.Metrics;
using FreeTickets.Core.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary><c>evaluate</c>: a saved cell's members and ensemble on a test set, OoD sets and corruptions, without training.</summary>
public sealed class EvaluateCommand(IAnsiConsole console) : Command<EvaluateSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        // The recorded metrics are bit-identical only at the run's thread count, so that is the default (as for check).
        var recorded = Core.Results.ModelManifest.Read(Path.Combine(settings.Dir, Core.Results.ModelExport.ManifestName));
        TorchRuntime.Initialize(settings.Threads ?? (recorded.Threads > 0 ? recorded.Threads : null));
        var catalog = PluginRoots.Discover(settings);
        var dataRoot = new RunOptions("", DataRoot: settings.DataRoot).ResolveDataRoot();
        var request = new SavedCellRequest(
            settings.Dataset, settings.Ood, settings.Corruptions, settings.Severities.Length > 0 ? settings.Severities : [1, 2, 3, 4, 5], dataRoot);
        var report = new SavedCellEvaluator(catalog, console.WriteLine).Evaluate(settings.Dir, request);
        var manifest = report.Manifest;
        console.WriteLine($"{manifest.CellId}: {manifest.Method} {manifest.Architecture} S={F(manifest.Sparsity, "0.##")}, {manifest.Members.Count} member(s), on the {report.Dataset} test set ({TorchRuntime.Threads} thread(s); the run used {manifest.Threads} on {manifest.Device})");

        var own = report.OwnTestSet;
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "", "accuracy", "NLL", "ECE", "Brier" }.Concat(own ? ["recorded accuracy", "recorded NLL"] : []))
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        var mismatches = 0;
        void Row(string name, ClassificationMetrics m, Core.Results.ManifestMetrics recorded)
        {
            mismatches += own && (m.Accuracy != recorded.Accuracy || m.Nll != recorded.Nll) ? 1 : 0;
            table.AddRow([name, F(m.Accuracy * 100, "0.00") + " %", F(m.Nll, "0.0000"), F(m.Ece, "0.0000"), F(m.Brier, "0.0000"),
                .. own ? new[] { F(recorded.Accuracy * 100, "0.00") + " %", F(recorded.Nll, "0.0000") } : []]);
        }

        for (var i = 0; i < report.Members.Count; i++)
        {
            Row($"member {manifest.Members[i].Member}", report.Members[i], manifest.Members[i].Test);
        }

        Row("ensemble", report.Ensemble, manifest.EnsembleTest);
        console.Write(table);
        if (report.Members.Count > 1)
        {
            console.WriteLine($"disagreement {F(report.Diversity.Disagreement, "0.0000")}, pairwise KL {F(report.Diversity.PairwiseKl, "0.0000")}");
        }

        foreach (var row in report.Robustness)
        {
            console.WriteLine(row.Kind == Core.Robustness.RobustnessSet.OodKind
                ? $"OoD {row.Name}: AUROC {F(row.Auroc, "0.0000")}"
                : $"{row.Name} severity {row.Severity}: accuracy {F(row.Accuracy * 100, "0.00")} %, NLL {F(row.Nll, "0.0000")}, ECE {F(row.Ece, "0.0000")}");
        }

        if (own)
        {
            console.WriteLine(mismatches == 0
                ? "every member and the ensemble reproduce the recorded test accuracy and NLL exactly"
                : $"{mismatches} row(s) differ from the recorded test metrics (bit-identical only with the run's thread count and device)");
        }

        return ExitCodes.Ok;
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
