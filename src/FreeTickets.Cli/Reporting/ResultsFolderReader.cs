using CsvHelper;
using FreeTickets.Core;
using FreeTickets.Core.Results;

namespace FreeTickets.Cli.Reporting;

/// <summary>Reads a results folder for <c>report</c>; anything missing or unreadable is bad input naming the file.</summary>
internal static class ResultsFolderReader
{
    public static ReportInput Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new BadInputException($"{folder}: no such results folder");
        }

        var leaderboard = Table<LeaderboardRow>(folder, "leaderboard.csv");
        if (leaderboard.Count == 0)
        {
            throw new BadInputException($"{Path.Combine(folder, "leaderboard.csv")}: no rows (run the matrix first)");
        }

        var runs = Table<RunRow>(folder, "runs.csv");
        var members = Table<MemberRow>(folder, "members.csv");
        var curves = Table<CurveRow>(folder, "curves.csv");

        // Cell records only add what the CSVs lack (reliability bins, pairwise disagreement, layer densities); a record
        // of a cell that is not in runs.csv (a stale or foreign file) is ignored rather than mixed in.
        var known = runs.Select(r => (r.CellId, r.ConfigHash)).ToHashSet();
        var cells = new CellStore(folder).All().Where(c => known.Contains((c.Run.CellId, c.Run.ConfigHash))).ToList();
        return new ReportInput(folder, leaderboard, runs, members, curves, cells);
    }

    private static List<T> Table<T>(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            throw new BadInputException($"{path}: missing (a results folder written by 'run' or 'merge' has {string.Join(", ", ResultTables.FileNames)})");
        }

        if (File.ReadLines(path).FirstOrDefault() is not { Length: > 0 })
        {
            throw new BadInputException($"{path}: not a readable {Path.GetFileNameWithoutExtension(file)} table (no header line)");
        }

        try
        {
            return ResultTables.ReadCsv<T>(path);
        }
        catch (CsvHelperException ex)
        {
            var reason = ex.Message.Split('\n', 2)[0].Trim();
            throw new BadInputException($"{path}: not a readable {Path.GetFileNameWithoutExtension(file)} table ({reason})", ex);
        }
    }
}
