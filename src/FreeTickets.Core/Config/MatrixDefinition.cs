namespace FreeTickets.Core.Config;

/// <summary>
/// A named matrix: datasets x architectures x methods x sparsities x seeds, with per-method settings; an ablation matrix
/// also crosses the sparse methods with pruning criteria (<see cref="Prunes"/>) and regrowth rules (<see cref="Regrows"/>).
/// </summary>
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
    /// Pruning criteria crossed with every sparse cell (the matrix's <c>prunes</c>); empty: each method's
    /// <c>sparse.prune</c> only.
    /// </summary>
    public IReadOnlyList<string> Prunes { get; init; } = [];

    /// <summary>
    /// Regrowth rules crossed with every sparse cell (the matrix's <c>regrows</c>); empty: each method's
    /// <c>sparse.regrow</c> only.
    /// </summary>
    public IReadOnlyList<string> Regrows { get; init; } = [];

    /// <summary>
    /// The matrix with <c>sparse.execution</c> set to <paramref name="mode"/> for every method (a run-wide override of
    /// what the config says). Sparse cells then carry that mode and its config hash; dense cells are unchanged.
    /// </summary>
    /// <exception cref="BadSettingException">The mode is not one of <see cref="Sparsity.SparseExecutionMode.All"/>.</exception>
    public MatrixDefinition WithExecution(string mode)
    {
        if (new Choices("execution mode", Sparsity.SparseExecutionMode.All).Check(mode) is { } problem)
        {
            throw new BadSettingException(RunSetting.Execution, _ => problem);
        }

        return this with
        {
            SettingsByMethod = SettingsByMethod.ToDictionary(
                p => p.Key, p => p.Value with { Sparse = p.Value.Sparse with { Execution = mode } }, StringComparer.Ordinal),
        };
    }

    /// <summary>Whether the matrix crosses pruning criteria or regrowth rules (its sparse cell ids then name both).</summary>
    public bool CrossesSparsePlugins => Prunes.Count > 0 || Regrows.Count > 0;

    /// <summary>
    /// Every cell, in a stable order (dataset, architecture, method, sparsity, pruning criterion, regrowth rule, seed).
    /// Dense methods ignore sparsity and the sparse plugins and get one cell per seed with sparsity 0.
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
                    var sparse = MethodNames.IsSparse(method);
                    var sparsities = sparse ? Sparsities : [0.0];
                    foreach (var sparsity in sparsities)
                    {
                        foreach (var settings in PluginVariants(method))
                        {
                            foreach (var seed in Seeds)
                            {
                                cells.Add(new CellSpec(Name, method, architecture, dataset, sparsity, seed, settings)
                                {
                                    NamesSparsePlugins = sparse && CrossesSparsePlugins,
                                });
                            }
                        }
                    }
                }
            }
        }

        return cells;
    }

    /// <summary>The method's settings once per (pruning criterion, regrowth rule) pair of the matrix's axes.</summary>
    private IEnumerable<MethodSettings> PluginVariants(string method)
    {
        var settings = SettingsByMethod[method];
        if (!MethodNames.IsSparse(method) || !CrossesSparsePlugins)
        {
            yield return settings;
            yield break;
        }

        foreach (var prune in Prunes.Count > 0 ? Prunes : [settings.Sparse.Prune])
        {
            foreach (var regrow in Regrows.Count > 0 ? Regrows : [settings.Sparse.Regrow])
            {
                yield return settings with { Sparse = settings.Sparse with { Prune = prune, Regrow = regrow } };
            }
        }
    }
}
