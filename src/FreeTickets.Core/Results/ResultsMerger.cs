using System.Globalization;
using FreeTickets.Core.Config;

namespace FreeTickets.Core.Results;

/// <summary>
/// Unions the cell records of several results folders (shards run into different folders, or folders copied back
/// from cluster nodes) into one folder and rebuilds its tables from all of them with <see cref="ResultTables.WriteAll"/>,
/// the code path <c>run</c> uses. Records are self-sufficient: no config is needed. Every check runs before anything
/// is written, so a merge that fails changes nothing; records already in the output folder are never rewritten.
/// </summary>
/// <remarks>
/// Rules: all records must be of one matrix. Records of the same cell are duplicates when they agree on everything but
/// the volatile columns (<see cref="ResultTables.VolatileColumns"/>: wall, training and inference time, peak memory);
/// the output folder's copy, else the first folder's, is kept. Two records of the same cell with different config
/// hashes (shards run with different configs) or with different results for the same hash are an error naming both
/// files. With a config, every record must also belong to the config's matrix with the config's current hash (records
/// of different cells cannot be told apart by config version otherwise), and missing cells are reported.
/// </remarks>
public static class ResultsMerger
{
    private sealed record Found(string Path, string Folder, byte[] Content, CellRecord Record);

    /// <summary>Merges <paramref name="sources"/> (and the records already in <paramref name="outputDir"/>) into <paramref name="outputDir"/>.</summary>
    /// <param name="sources">Results folders, each with a <c>cells/</c> folder.</param>
    /// <param name="outputDir">Where the union and the tables go; may be one of the sources.</param>
    /// <param name="config">When given, every record is checked against the current cells of its matrix.</param>
    public static MergeSummary Merge(IReadOnlyList<string> sources, string outputDir, BenchmarkConfig? config = null)
    {
        if (sources.Count == 0)
        {
            throw new BadInputException("merge needs at least one results folder");
        }

        var folders = Folders(sources, outputDir);
        var found = new List<Found>();
        var byFolder = new List<KeyValuePair<string, int>>();
        foreach (var folder in folders)
        {
            var records = ReadFolder(folder);
            found.AddRange(records);
            byFolder.Add(new(folder, records.Count));
        }

        if (found.Count == 0)
        {
            throw new BadInputException($"no cell records in {string.Join(", ", folders)} (nothing to merge)");
        }

        var matrix = CheckOneMatrix(found);
        var kept = Deduplicate(found);
        var (expected, missing) = config is null ? ((int?)null, (IReadOnlyList<string>)[]) : CheckAgainst(config, matrix, kept);

        // Everything is checked: from here on only new record files and complete tables are written.
        ResultsFolder.EnsureWritable(outputDir);
        var output = Path.GetFullPath(outputDir);
        var store = new CellStore(outputDir);
        var added = 0;
        foreach (var record in kept.Where(f => !SameFolder(f.Folder, output)))
        {
            AtomicFile.Write(store.PathOf(record.Record.Run.CellId), s => s.Write(record.Content));
            added++;
        }

        CopyModels(kept, output);

        var all = kept.Select(f => f.Record).ToList();
        ResultTables.WriteAll(outputDir, all);
        var provenances = all.Select(r => r.Run)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Device}, {r.Threads} thread(s), libtorch {r.LibTorchVersion}"))
            .Distinct(StringComparer.Ordinal).ToList();
        return new MergeSummary(outputDir, matrix, byFolder, all.Count, added, found.Count - kept.Count,
            Leaderboard.Build(all.Select(r => r.Run)).Count, provenances, expected, missing);
    }

    /// <summary>
    /// Saved models (<see cref="ModelExport"/>) travel with their records: a kept record's complete models folder (its
    /// model.json names the record's config hash) is copied when the output folder has none for that cell. The copy goes
    /// to a temporary sibling first and is renamed into place, so an interrupted merge leaves no half folder.
    /// </summary>
    private static void CopyModels(IEnumerable<Found> kept, string output)
    {
        var target = new ModelExport(output);
        foreach (var found in kept)
        {
            var run = found.Record.Run;
            var source = new ModelExport(found.Folder).CellFolder(run.CellId);
            var destination = target.CellFolder(run.CellId);
            if (SameFolder(found.Folder, output) || !File.Exists(Path.Combine(source, ModelExport.ManifestName)) || Directory.Exists(destination))
            {
                continue;
            }

            var temp = Path.Combine(Path.GetDirectoryName(destination)!, $".{run.CellId}.{Environment.ProcessId}.tmp");
            Directory.CreateDirectory(temp);
            foreach (var file in Directory.GetFiles(source))
            {
                File.Copy(file, Path.Combine(temp, Path.GetFileName(file)));
            }

            Directory.Move(temp, destination);
        }
    }

    /// <summary>The output folder first when it already holds records (its copies are kept), then each source once.</summary>
    private static List<string> Folders(IReadOnlyList<string> sources, string outputDir)
    {
        var folders = new List<string>();
        if (Directory.Exists(Path.Combine(outputDir, "cells")))
        {
            folders.Add(outputDir);
        }

        foreach (var source in sources)
        {
            if (!Directory.Exists(source))
            {
                throw new BadInputException($"{source}: results folder does not exist");
            }

            // A shard that had no cells writes empty tables but no cells/ folder; anything else is not a results folder.
            if (!Directory.Exists(Path.Combine(source, "cells")) && !File.Exists(Path.Combine(source, "leaderboard.csv")))
            {
                throw new BadInputException($"{source}: not a results folder (no cells/ and no leaderboard.csv inside)");
            }

            if (!folders.Any(f => SameFolder(f, Path.GetFullPath(source))))
            {
                folders.Add(source);
            }
        }

        return folders;
    }

    private static List<Found> ReadFolder(string folder)
    {
        var cells = new CellStore(folder).Folder;
        if (!Directory.Exists(cells))
        {
            return [];
        }

        var found = new List<Found>();
        foreach (var path in Directory.EnumerateFiles(cells, "*.json").Order(StringComparer.Ordinal))
        {
            var content = File.ReadAllBytes(path);
            var record = CellStore.Parse(path, content);
            if (Path.GetFileNameWithoutExtension(path) != record.Run.CellId)
            {
                throw new BadInputException($"{path}: holds the record of cell {record.Run.CellId}, not of the cell its name says (renamed or copied over?)");
            }

            found.Add(new Found(path, folder, content, record));
        }

        return found;
    }

    private static string CheckOneMatrix(List<Found> found)
    {
        var first = found[0];
        var other = found.FirstOrDefault(f => f.Record.Run.Matrix != first.Record.Run.Matrix);
        return other is null
            ? first.Record.Run.Matrix
            : throw new BadInputException(
                $"records of different matrices: {first.Path} is of matrix '{first.Record.Run.Matrix}', {other.Path} of '{other.Record.Run.Matrix}'; merge one matrix at a time");
    }

    /// <summary>One record per cell; conflicting records are an error naming both files.</summary>
    private static List<Found> Deduplicate(List<Found> found)
    {
        var kept = new Dictionary<string, (Found Found, string Comparable)>(StringComparer.Ordinal);
        foreach (var candidate in found)
        {
            var comparable = CellStore.Serialize(WithoutVolatile(candidate.Record));
            if (!kept.TryGetValue(candidate.Record.Run.CellId, out var existing))
            {
                kept[candidate.Record.Run.CellId] = (candidate, comparable);
                continue;
            }

            var (a, b) = (existing.Found.Record.Run, candidate.Record.Run);
            if (a.ConfigHash != b.ConfigHash)
            {
                throw new BadInputException(
                    $"{existing.Found.Path} and {candidate.Path} are cell {a.CellId} run with different configs (config hash {a.ConfigHash} vs {b.ConfigHash}); delete the stale one or rerun its shard with the current config");
            }

            if (existing.Comparable != comparable)
            {
                throw new BadInputException(
                    $"{existing.Found.Path} and {candidate.Path} are different results of cell {a.CellId} with the same config hash {a.ConfigHash} ({Differences(existing.Found.Record, candidate.Record)}); keep one of them");
            }
        }

        return [.. kept.Values.Select(v => v.Found)];
    }

    private static (int? Expected, IReadOnlyList<string> Missing) CheckAgainst(BenchmarkConfig config, string matrixName, List<Found> kept)
    {
        var cells = config.Matrix(matrixName).Cells();
        var hashes = cells.ToDictionary(c => c.Id, c => c.ConfigHash, StringComparer.Ordinal);
        foreach (var f in kept)
        {
            var run = f.Record.Run;
            if (!hashes.TryGetValue(run.CellId, out var hash))
            {
                throw new BadInputException($"{f.Path}: cell {run.CellId} is not in matrix '{matrixName}' of {config.Path}");
            }

            if (hash != run.ConfigHash)
            {
                throw new BadInputException(
                    $"{f.Path}: config hash {run.ConfigHash}, but {config.Path} gives {hash} for cell {run.CellId} (it ran with an older config); rerun its shard or delete it");
            }
        }

        var present = kept.Select(f => f.Record.Run.CellId).ToHashSet(StringComparer.Ordinal);
        return (cells.Count, [.. cells.Select(c => c.Id).Where(id => !present.Contains(id))]);
    }

    /// <summary>The record with the volatile columns (timing, memory) zeroed.</summary>
    private static CellRecord WithoutVolatile(CellRecord record) =>
        new(
            record.Run with { WallSeconds = 0, PeakRssMb = 0, TrainSeconds = 0, TrainTimeRelDense = 0, InferMsB128 = 0, InferMsB1 = 0 },
            record.Members,
            [.. record.Curves.Select(c => c with { WallSeconds = 0 })]);

    /// <summary>Which columns of two records of one cell differ, for the error message.</summary>
    private static string Differences(CellRecord a, CellRecord b)
    {
        var columns = typeof(RunRow).GetProperties()
            .Where(p => !Equals(p.GetValue(a.Run), p.GetValue(b.Run)))
            .Select(p => ResultTables.SnakeCase(p.Name))
            .Where(c => !ResultTables.VolatileColumns.Contains(c))
            .ToList();
        static string Members(CellRecord r) => CellStore.Serialize(new CellRecord(new RunRow(), r.Members, []));
        static string Curves(CellRecord r) => CellStore.Serialize(new CellRecord(new RunRow(), [], WithoutVolatile(r).Curves));
        if (Members(a) != Members(b))
        {
            columns.Add("members");
        }

        if (Curves(a) != Curves(b))
        {
            columns.Add("curves");
        }

        return columns.Count == 0 ? "they differ" : "they differ in " + string.Join(", ", columns);
    }

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
