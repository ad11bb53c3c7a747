using System.Globalization;
using FreeTickets.Core.Config;
using FreeTickets.Core.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary><c>flops</c>: FLOPs and parameters of a matrix without training (RigL convention, docs/architecture.md#flops).</summary>
public sealed class FlopsCommand(IAnsiConsole console) : Command<MatrixSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, MatrixSettings settings, CancellationToken cancellationToken)
    {
        var config = BenchmarkConfigLoader.Load(ConfigFiles.Existing(settings.ConfigPath));
        var matrix = config.Matrix(settings.Matrix);
        TorchRuntime.Initialize(settings.Threads);
        if (settings.Verbose)
        {
            console.WriteLine(TorchBanner.Describe());
        }

        var catalog = PluginRoots.Discover(settings, config.PluginPaths);
        var rows = FlopsTable.Compute(matrix, catalog);
        var table = new Table().Border(TableBorder.Simple).Title($"FLOPs of matrix {matrix.Name} (1 MAC = 2 FLOPs)");
        // Prune and regrow columns only for an ablation matrix, where they tell rows apart.
        var plugins = matrix.CrossesSparsePlugins;
        foreach (var column in new[] { "dataset", "architecture", "method", "S" }
            .Concat(plugins ? ["prune", "regrow"] : [])
            .Concat(["M", "epochs", "f_D (GFLOPs)", "f_S/f_D", "train FLOPs", "train x dense", "inference x dense", "params"]))
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        foreach (var r in rows)
        {
            table.AddRow([
                r.Dataset, r.Architecture, r.Method, F(r.Sparsity, "0.##"), .. plugins ? new[] { r.Prune, r.Regrow } : [],
                r.Members.ToString(CultureInfo.InvariantCulture), r.Epochs.ToString(CultureInfo.InvariantCulture), F(r.DenseForward / 1e9, "0.0000"),
                F(r.SparseOverDense, "0.0000"), F(r.TrainFlops, "0.000e+00"), F(r.TrainRelDense, "0.000"), F(r.InferenceRelDense, "0.000"),
                r.Params.ToString("N0", CultureInfo.InvariantCulture)]);
        }

        console.Write(table);
        return ExitCodes.Ok;
    }
}
