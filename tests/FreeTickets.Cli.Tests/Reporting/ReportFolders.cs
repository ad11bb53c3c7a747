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

    /// <summary>The committed results of the ci matrix.</summary>
    public static string CommittedCi => Path.Combine(FreeTickets.Tests.Shared.RepoPaths.Root, "results", "ci");
}
