using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FreeTickets.Core.Config;

/// <summary>Hashes of configurations: stable across runs, machines and cultures.</summary>
public static class ConfigHashing
{
    private static readonly JsonSerializerOptions _canonical = new() { WriteIndented = false };

    /// <summary>Hash of a cell (method, plugins, sparsity, seed and every hyperparameter; not the matrix name).</summary>
    public static string Hash(CellSpec cell)
    {
        var payload = JsonSerializer.Serialize(
            new { cell.Method, cell.Architecture, cell.Dataset, cell.Sparsity, cell.Seed, cell.Settings }, _canonical);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(payload)))[..16].ToLowerInvariant();
    }
}
