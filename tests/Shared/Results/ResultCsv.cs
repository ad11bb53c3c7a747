using System.Globalization;
using CsvHelper;
using FreeTickets.Core.Results;

namespace FreeTickets.Tests.Shared;

/// <summary>
/// The one comparison of result tables that two runs must agree on: every cell equal, except the volatile columns
/// (<see cref="ResultTables.VolatileColumns"/>: wall, training and inference time, peak memory), which differ between
/// any two runs.
/// </summary>
internal static class ResultCsv
{
    /// <summary>The table's records (header first) with the volatile columns' cells blanked; everything else verbatim.</summary>
    public static List<string[]> ReadWithoutVolatile(string path)
    {
        using var reader = new StreamReader(path);
        using var parser = new CsvParser(reader, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        string[]? header = null;
        while (parser.Read())
        {
            var fields = parser.Record!;
            if (header is null)
            {
                header = fields;
                rows.Add(fields);
                continue;
            }

            rows.Add([.. fields.Select((f, i) => i < header.Length && ResultTables.VolatileColumns.Contains(header[i]) ? "" : f)]);
        }

        return rows;
    }

    /// <summary>
    /// The two CSV files hold the same header and the same rows in the same order, volatile columns aside; a failure
    /// names the first difference (line, column, both values).
    /// </summary>
    public static void AssertEqualExceptVolatile(string expectedPath, string actualPath)
    {
        var expected = ReadWithoutVolatile(expectedPath);
        var actual = ReadWithoutVolatile(actualPath);
        var name = Path.GetFileName(actualPath);
        var header = expected.Count > 0 ? expected[0] : [];
        for (var line = 0; line < Math.Min(expected.Count, actual.Count); line++)
        {
            var e = expected[line];
            var a = actual[line];
            for (var column = 0; column < Math.Max(e.Length, a.Length); column++)
            {
                var ev = column < e.Length ? e[column] : "<none>";
                var av = column < a.Length ? a[column] : "<none>";
                if (ev != av)
                {
                    var columnName = line == 0 ? $"header field {column + 1}" : column < header.Length ? header[column] : $"field {column + 1}";
                    Assert.Fail($"{name} line {line + 1}, {columnName}: expected '{ev}', got '{av}'\nexpected: {expectedPath}\nactual:   {actualPath}");
                }
            }
        }

        Assert.True(
            expected.Count == actual.Count,
            $"{name}: expected {expected.Count} line(s), got {actual.Count} (the first {Math.Min(expected.Count, actual.Count)} agree)\nexpected: {expectedPath}\nactual:   {actualPath}");
    }

    /// <summary><see cref="AssertEqualExceptVolatile"/> for each of the tables a run writes (<see cref="ResultTables.FileNames"/>).</summary>
    public static void AssertTablesEqualExceptVolatile(string expectedDir, string actualDir)
    {
        foreach (var file in ResultTables.FileNames)
        {
            AssertEqualExceptVolatile(Path.Combine(expectedDir, file), Path.Combine(actualDir, file));
        }
    }
}
