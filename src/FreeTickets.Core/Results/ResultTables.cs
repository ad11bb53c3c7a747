using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;

namespace FreeTickets.Core.Results;

/// <summary>Derives and writes the five CSV tables of a results folder from its cell records.</summary>
public static class ResultTables
{
    /// <summary>File names, in the order they are written.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["leaderboard.csv", "runs.csv", "members.csv", "curves.csv", "robustness.csv"];

    /// <summary>
    /// Columns that differ between two runs of the same cells on the same device, thread count and libtorch (timing and
    /// memory, measured rather than computed): every other column is reproducible. <see cref="LeaderboardComparer"/>
    /// compares none of them either.
    /// </summary>
    public static IReadOnlySet<string> VolatileColumns { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "wall_seconds", "wall_seconds_mean", "peak_rss_mb",
        "train_seconds", "train_seconds_mean", "train_time_rel_dense",
        "infer_ms_b128", "infer_ms_b128_mean", "infer_ms_b1", "infer_ms_b1_mean",
    };

    private static readonly CsvConfiguration _csv = new(CultureInfo.InvariantCulture) { NewLine = "\n" };

    /// <summary>
    /// Writes leaderboard.csv, runs.csv, members.csv, curves.csv and robustness.csv from the records as one atomic step: when
    /// one of them cannot be written (a full disk), none is replaced, so the tables always describe the same records.
    /// </summary>
    public static void WriteAll(string resultsDir, IReadOnlyList<CellRecord> records)
    {
        var ordered = records.OrderBy(r => r.Run.CellId, StringComparer.Ordinal).ToList();

        // Relative training times read the dense cell's row, which may have finished after this one: from all records.
        var runs = TrainingTimes.RelativeToDense(ordered.Select(r => r.Run));
        AtomicFile.WriteAll(
        [
            (Path.Combine(resultsDir, "leaderboard.csv"), s => WriteRows(s, Leaderboard.Build(runs))),
            (Path.Combine(resultsDir, "runs.csv"), s => WriteRows(s, runs)),
            (Path.Combine(resultsDir, "members.csv"), s => WriteRows(s, ordered.SelectMany(r => r.Members))),
            (Path.Combine(resultsDir, "curves.csv"), s => WriteRows(s, ordered.SelectMany(r => r.Curves))),
            (Path.Combine(resultsDir, "robustness.csv"), s => WriteRows(s, ordered.SelectMany(r => r.Robustness))),
        ]);
    }

    /// <summary>Writes rows with invariant culture and the record's column order, atomically.</summary>
    public static void WriteCsv<T>(string path, IEnumerable<T> rows) => AtomicFile.Write(path, stream => WriteRows(stream, rows));

    private static void WriteRows<T>(Stream stream, IEnumerable<T> rows)
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        using var csv = new CsvWriter(writer, _csv);
        csv.Context.TypeConverterOptionsCache.AddOptions<double>(new TypeConverterOptions { Formats = ["R"] });
        csv.Context.RegisterClassMap(SnakeCaseMap<T>());
        csv.WriteRecords(rows);
    }

    /// <summary>Reads a CSV written by <see cref="WriteCsv{T}"/>.</summary>
    public static List<T> ReadCsv<T>(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, _csv);
        csv.Context.RegisterClassMap(SnakeCaseMap<T>());
        return [.. csv.GetRecords<T>()];
    }

    /// <summary>Columns in the record's [Index] order, named in snake_case (AccuracyMean -> accuracy_mean).</summary>
    private static DefaultClassMap<T> SnakeCaseMap<T>()
    {
        var map = new DefaultClassMap<T>();
        map.AutoMap(_csv);
        foreach (var member in map.MemberMaps)
        {
            member.Name(SnakeCase(member.Data.Member!.Name));
        }

        return map;
    }

    /// <summary>PascalCase to snake_case.</summary>
    public static string SnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString().Replace("torch_sharp", "torchsharp", StringComparison.Ordinal).Replace("lib_torch", "libtorch", StringComparison.Ordinal);
    }
}
