using FreeTickets.Core.Config;

namespace FreeTickets.Core.Running;

/// <summary>Deterministic partition of a matrix's cells into shards (round robin over the stable cell order).</summary>
public static class Shards
{
    /// <summary>The cells of shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    public static IReadOnlyList<CellSpec> Select(IReadOnlyList<CellSpec> cells, int index, int count)
    {
        if (count < 1 || index < 0 || index >= count)
        {
            throw new BadSettingException(RunSetting.Shard, _ => $"expected i/n with 0 <= i < n (got {index}/{count})");
        }

        return [.. cells.Where((_, i) => i % count == index)];
    }
}
