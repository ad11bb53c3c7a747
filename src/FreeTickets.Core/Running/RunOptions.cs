namespace FreeTickets.Core.Running;

/// <summary>How a matrix is run.</summary>
/// <param name="OutputDir">Results folder of the matrix (cells/ and the CSVs).</param>
/// <param name="Device">auto, cpu or cuda.</param>
/// <param name="Force">Recompute cells whose record exists.</param>
/// <param name="DataRoot">Dataset root; null: FREETICKETS_DATA, else the per-user cache.</param>
/// <param name="ShardIndex">This shard (0-based).</param>
/// <param name="ShardCount">Number of shards (1: everything).</param>
public sealed record RunOptions(string OutputDir, string Device = "auto", bool Force = false, string? DataRoot = null, int ShardIndex = 0, int ShardCount = 1, int CheckpointEvery = 1)
{
    /// <summary>Save every cell's trained members (<see cref="Results.ModelExport"/>), whatever the config says.</summary>
    public bool SaveModels { get; init; }

    /// <summary>Whether a cell's members are saved: this option or the cell's <c>evaluation.saveModels</c>.</summary>
    public bool SavesModels(Config.CellSpec cell) => SaveModels || cell.Settings.Evaluation.SaveModels;

    /// <summary>The data root to use.</summary>
    public string ResolveDataRoot()
    {
        if (!string.IsNullOrEmpty(DataRoot))
        {
            return Path.GetFullPath(DataRoot);
        }

        var env = Environment.GetEnvironmentVariable("FREETICKETS_DATA");
        if (!string.IsNullOrEmpty(env))
        {
            return Path.GetFullPath(env);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var cache = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "freetickets-bench", "data");
    }
}
