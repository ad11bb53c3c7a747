using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FreeTickets.Core.Config;

/// <summary>Hashes of configurations: stable across runs, machines and cultures.</summary>
public static class ConfigHashing
{
    private static readonly JsonSerializerOptions _canonical = new() { WriteIndented = false };

    /// <summary>
    /// Hash of a cell (method, plugins, sparsity, seed and every hyperparameter; not the matrix name). Settings added after
    /// results were committed enter only when they differ from their default, so existing cells keep their hashes;
    /// <c>sparse.execution</c> never enters a dense method's.
    /// </summary>
    public static string Hash(CellSpec cell)
    {
        var node = JsonSerializer.SerializeToNode(
            new { cell.Method, cell.Architecture, cell.Dataset, cell.Sparsity, cell.Seed, cell.Settings }, _canonical)!;
        var evaluation = node[nameof(CellSpec.Settings)]![nameof(MethodSettings.Evaluation)]!.AsObject();
        var defaults = new EvaluationSettings();
        // Where trained models go changes no result.
        evaluation.Remove(nameof(EvaluationSettings.SaveModels));
        DropWhenDefault(evaluation, nameof(EvaluationSettings.Ood), cell.Settings.Evaluation.Ood.SequenceEqual(defaults.Ood));
        DropWhenDefault(evaluation, nameof(EvaluationSettings.Corruptions), cell.Settings.Evaluation.Corruptions.SequenceEqual(defaults.Corruptions));
        DropWhenDefault(evaluation, nameof(EvaluationSettings.Severities), cell.Settings.Evaluation.Severities.SequenceEqual(defaults.Severities));
        var ensemble = node[nameof(CellSpec.Settings)]![nameof(MethodSettings.Ensemble)]!.AsObject();
        DropWhenDefault(ensemble, nameof(EnsembleSettings.RefineRates), cell.Settings.Ensemble.RefineRates == new EnsembleSettings().RefineRates);

        // How sparse layers compute: a dense method has none, so it never enters a dense cell's hash (run --execution
        // sparse reuses the dense cells of a masked run); a sparse cell's hash changes only when it is not the default.
        var sparse = node[nameof(CellSpec.Settings)]![nameof(MethodSettings.Sparse)]!.AsObject();
        DropWhenDefault(sparse, nameof(SparseSettings.Execution),
            !MethodNames.IsSparse(cell.Method) || cell.Settings.Sparse.Execution == new SparseSettings().Execution);
        var payload = node.ToJsonString(_canonical);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(payload)))[..16].ToLowerInvariant();
    }

    private static void DropWhenDefault(System.Text.Json.Nodes.JsonObject section, string key, bool isDefault)
    {
        if (isDefault)
        {
            section.Remove(key);
        }
    }
}
