using System.Text.Json;
using System.Text.Json.Serialization;

namespace FreeTickets.Core.Results;

/// <summary>The <c>cells/</c> folder of a results directory: one JSON record per finished cell.</summary>
public sealed class CellStore(string resultsDir)
{
    private static readonly JsonSerializerOptions _json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The folder holding the records.</summary>
    public string Folder { get; } = Path.Combine(resultsDir, "cells");

    /// <summary>Path of a cell's record.</summary>
    public string PathOf(string cellId) => Path.Combine(Folder, cellId + ".json");

    /// <summary>The record of a cell, if it exists and was produced by the same configuration.</summary>
    public CellRecord? TryGet(string cellId, string configHash)
    {
        var path = PathOf(cellId);
        if (!File.Exists(path))
        {
            return null;
        }

        var record = Read(path);
        return record.Run.ConfigHash == configHash ? record : null;
    }

    /// <summary>Writes a record atomically.</summary>
    public void Put(CellRecord record) =>
        AtomicFile.Write(PathOf(record.Run.CellId), s => JsonSerializer.Serialize(s, record, _json));

    /// <summary>Every record in the folder, ordered by cell id.</summary>
    public IReadOnlyList<CellRecord> All() =>
        !Directory.Exists(Folder) ? [] :
        [.. Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal).Select(Read)];

    /// <summary>Reads one record; a corrupt file is bad input naming it.</summary>
    public static CellRecord Read(string path) => Parse(path, File.ReadAllBytes(path));

    /// <summary>Parses the content of a record file; corrupt or incomplete JSON is bad input naming <paramref name="path"/>.</summary>
    public static CellRecord Parse(string path, byte[] content)
    {
        CellRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<CellRecord>(content, _json);
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"{path}: corrupt cell record ({ex.Message.Split('.')[0]}); delete it to recompute the cell", ex);
        }

        // System.Text.Json leaves missing members null: a record cut short at a member boundary is not a record.
        return record is { Run: { CellId.Length: > 0, ConfigHash.Length: > 0 }, Members: not null, Curves: not null }
            ? record
            : throw new BadInputException($"{path}: incomplete cell record (no run, cell id, config hash, members or curves); delete it to recompute the cell");
    }

    /// <summary>The JSON a record is stored as.</summary>
    public static string Serialize(CellRecord record) => JsonSerializer.Serialize(record, _json);
}
