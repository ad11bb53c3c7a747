using System.Globalization;
using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using Spectre.Console;

namespace FreeTickets.Cli;

/// <summary>How a finished cell and a finished run read on the console (plain log and live view alike).</summary>
internal static class RunResultText
{
    /// <summary>"test acc ... nll ... ece ... train FLOPs x... dense, ...s", or the status and its reason.</summary>
    public static string Plain(RunRow row) => row.Status == CellStatus.Ok
        ? string.Create(CultureInfo.InvariantCulture,
            $"test acc {row.Accuracy:P2} nll {row.Nll:0.0000} ece {row.Ece:0.0000} train FLOPs x{row.TrainFlopsRelDense:0.###} dense, {row.WallSeconds:0.0}s")
        : $"{row.Status.Text()}: {row.StatusDetail}";

    /// <summary>The cell id and its result, coloured by status.</summary>
    public static string Markup(CellSpec cell, RunRow row)
    {
        var colour = row.Status == CellStatus.Ok ? "green" : row.Status == CellStatus.Diverged ? "yellow" : "red";
        return $"[{colour}]{Spectre.Console.Markup.Escape(cell.Id)}[/] {Spectre.Console.Markup.Escape(Plain(row))}";
    }

    /// <summary>A table of every cell that ran in this process: status, accuracy, NLL, ECE, FLOPs and time.</summary>
    public static Table Summary(IReadOnlyList<(CellSpec Cell, RunRow Row)> finished)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]cells trained in this run[/]");
        foreach (var column in new[] { "method", "arch/dataset", "S", "seed", "status", "acc", "NLL", "ECE", "train FLOPs x dense", "wall" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column is "method" or "arch/dataset" or "status" ? Justify.Left : Justify.Right });
        }

        foreach (var (cell, row) in finished)
        {
            var ok = row.Status == CellStatus.Ok;
            string F(double v, string format) => ok ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
            table.AddRow(
                cell.Method, $"{cell.Architecture}/{cell.Dataset}", cell.Sparsity.ToString("0.##", CultureInfo.InvariantCulture),
                cell.Seed.ToString(CultureInfo.InvariantCulture), ok ? "[green]ok[/]" : $"[red]{Spectre.Console.Markup.Escape(row.Status.Text())}[/]",
                F(row.Accuracy * 100, "0.00") + (ok ? "%" : ""), F(row.Nll, "0.0000"), F(row.Ece, "0.0000"),
                F(row.TrainFlopsRelDense, "0.###"), row.WallSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s");
        }

        return table;
    }
}
