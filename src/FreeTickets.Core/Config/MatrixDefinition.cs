namespace FreeTickets.Core.Config;

/// <summary>A named matrix: datasets x architectures x methods x sparsities x seeds, with per-method settings.</summary>
public sealed record MatrixDefinition(
    string Name,
    string Description,
    IReadOnlyList<string> Datasets,
    IReadOnlyList<string> Architectures,
    IReadOnlyList<string> Methods,
    IReadOnlyList<double> Sparsities,
    IReadOnlyList<long> Seeds,
    IReadOnlyDictionary<string, MethodSettings> SettingsByMethod)
{
    /// <summary>The config file the matrix was read from, as given on the command line (for messages); empty when built in code.</summary>
    public string Source { get; init; } = "";

    /// <summary>
    /// Every cell, in a stable order (dataset, architecture, method, sparsity, seed). Dense methods ignore sparsity and
    /// get one cell per seed with sparsity 0.
    /// </summary>
    public IReadOnlyList<CellSpec> Cells()
    {
        var cells = new List<CellSpec>();
        foreach (var dataset in Datasets)
        {
            foreach (var architecture in Architectures)
            {
                foreach (var method in Methods)
                {
                    var sparsities = MethodNames.IsSparse(method) ? Sparsities : [0.0];
                    foreach (var sparsity in sparsities)
                    {
                        foreach (var seed in Seeds)
                        {
                            cells.Add(new CellSpec(Name, method, architecture, dataset, sparsity, seed, SettingsByMethod[method]));
                        }
                    }
                }
            }
        }

        return cells;
    }
}
