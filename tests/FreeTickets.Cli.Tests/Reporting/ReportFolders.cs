using FreeTickets.Core.Results;

namespace FreeTickets.Cli.Tests.Reporting;

/// <summary>Temporary results folders for report tests: copies of the smoke run (with cell records) or of results/ci (CSVs only).</summary>
internal static class ReportFolders
{
    /// <summary>Copies the four tables and, when asked, the cell records of <paramref name="source"/> into a new folder under <paramref name="root"/>.</summary>
    public static string Copy(string source, string root, string name, bool withCells)
    {
        var target = Path.Combine(root, name);
        Directory.CreateDirectory(target);
        foreach (var file in new[] { "leaderboard.csv", "runs.csv", "members.csv", "curves.csv" })
        {
            File.Copy(Path.Combine(source, file), Path.Combine(target, file));
        }

        if (withCells)
        {
            Directory.CreateDirectory(Path.Combine(target, "cells"));
            foreach (var file in Directory.GetFiles(Path.Combine(source, "cells"), "*.json"))
            {
                File.Copy(file, Path.Combine(target, "cells", Path.GetFileName(file)));
            }
        }

        return target;
    }

    /// <summary>
    /// A copy of results/ci's tables as the committed ones are: written before the measured-time columns existed (their
    /// values NaN). The copy is made so even where results/ci was just written afresh (CI runs README's quick start, which
    /// writes it, before the tests).
    /// </summary>
    public static string CopyCommittedCi(string root)
    {
        var target = Copy(CommittedCi, root, "ci", withCells: false);
        var leaderboard = Path.Combine(target, "leaderboard.csv");
        ResultTables.WriteCsv(leaderboard, ResultTables.ReadCsv<LeaderboardRow>(leaderboard).Select(r => r with
        {
            TrainSecondsMean = double.NaN,
            TrainTimeRelDense = double.NaN,
            InferMsB128Mean = double.NaN,
            InferMsB1Mean = double.NaN,
        }));
        var runs = Path.Combine(target, "runs.csv");
        ResultTables.WriteCsv(runs, ResultTables.ReadCsv<RunRow>(runs).Select(r => r with
        {
            TrainSeconds = double.NaN,
            TrainTimeRelDense = double.NaN,
            InferMsB128 = double.NaN,
            InferMsB1 = double.NaN,
        }));
        return target;
    }

    /// <summary>The committed results of the ci matrix.</summary>
    public static string CommittedCi => Path.Combine(FreeTickets.Tests.Shared.RepoPaths.Root, "results", "ci");
}
