using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;

namespace FreeTickets.Core.Results;

/// <summary>Derives and writes the four CSV tables of a results folder from its cell records.</summary>
public static class ResultTables
{
    /// <summary>File names, in the order they are written.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["leaderboard.csv", "runs.csv", "members.csv", "curves.csv"];

    private static readonly CsvConfiguration _csv = new(CultureInfo.InvariantCulture) { NewLine = "\n" };

    /// <summary>Writes leaderboard.csv, runs.csv, members.csv and curves.csv (each atomically) from the records.</summary>
    public static void WriteAll(string resultsDir, IReadOnlyList<CellRecord> records)
    {
        var ordered = records.OrderBy(r => r.Run.CellId, StringComparer.Ordinal).ToList();
        WriteCsv(Path.Combine(resultsDir, "leaderboard.csv"), Leaderboard.Build(ordered.Select(r => r.Run)));
        WriteCsv(Path.Combine(resultsDir, "runs.csv"), ordered.Select(r => r.Run));
        WriteCsv(Path.Combine(resultsDir, "members.csv"), ordered.SelectMany(r => r.Members));
        WriteCsv(Path.Combine(resultsDir, "curves.csv"), ordered.SelectMany(r => r.Curves));
    }

    /// <summary>Writes rows with invariant culture and the record's column order, atomically.</summary>
    public static void WriteCsv<T>(string path, IEnumerable<T> rows) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            using var csv = new CsvWriter(writer, _csv);
            csv.Context.TypeConverterOptionsCache.AddOptions<double>(new TypeConverterOptions { Formats = ["R"] });
            csv.WriteRecords(rows);
        });

    /// <summary>Reads a CSV written by <see cref="WriteCsv{T}"/>.</summary>
    public static List<T> ReadCsv<T>(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, _csv);
        return [.. csv.GetRecords<T>()];
    }
}
