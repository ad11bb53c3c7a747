namespace FreeTickets.Core.Config;

/// <summary>One cell of a matrix: a method trained on a dataset with an architecture, sparsity and seed.</summary>
/// <param name="Matrix">Matrix name.</param>
/// <param name="Method">Method name (dense, dense-ensemble, dst-ensemble, edst-ensemble).</param>
/// <param name="Architecture">Architecture plugin name.</param>
/// <param name="Dataset">Dataset plugin name.</param>
/// <param name="Sparsity">Target sparsity S (0 for dense methods).</param>
/// <param name="Seed">Cell seed; every random draw derives from it.</param>
/// <param name="Settings">Effective hyperparameters.</param>
public sealed record CellSpec(string Matrix, string Method, string Architecture, string Dataset, double Sparsity, long Seed, MethodSettings Settings)
{
    /// <summary>
    /// Whether <see cref="Id"/> names the pruning criterion and regrowth rule: set for the sparse cells of a matrix that
    /// crosses them (an ablation), where they are what tells two cells apart.
    /// </summary>
    public bool NamesSparsePlugins { get; init; }

    /// <summary>
    /// Stable, file-name-safe identifier, e.g. <c>edst-ensemble_mlp-300-100_mnist_s0.8_seed1</c>; in an ablation matrix
    /// <c>dst-ensemble_mlp-300-100_mnist_s0.8_set+momentum_seed1</c>.
    /// </summary>
    public string Id => NamesSparsePlugins
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Method}_{Architecture}_{Dataset}_s{Sparsity:0.####}_{Settings.Sparse.Prune}+{Settings.Sparse.Regrow}_seed{Seed}")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Method}_{Architecture}_{Dataset}_s{Sparsity:0.####}_seed{Seed}");

    /// <summary>SHA-256 (first 16 hex) of the canonical JSON of everything that determines the cell's result.</summary>
    public string ConfigHash => ConfigHashing.Hash(this);

    /// <summary>Epochs this cell trains in all: E (dense), M x E (dense and DST ensembles), E_explore + M x E_refine (EDST).</summary>
    public int TrainingEpochs => Settings.TrainingEpochs(Method);
}
