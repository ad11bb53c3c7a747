namespace FreeTickets.Core.Config;

/// <summary>A loaded <c>benchmarks.json</c>.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="PluginPaths">Extra plugin folders (absolute).</param>
/// <param name="Matrices">Matrices by name.</param>
public sealed record BenchmarkConfig(string Path, IReadOnlyList<string> PluginPaths, IReadOnlyDictionary<string, MatrixDefinition> Matrices)
{
    /// <summary>The matrix of that name, or bad input listing the available ones.</summary>
    public MatrixDefinition Matrix(string name) =>
        Matrices.TryGetValue(name, out var matrix)
            ? matrix
            : throw new BadInputException($"{Path}: no matrix named '{name}'; available: {string.Join(", ", Matrices.Keys.Order(StringComparer.Ordinal))}");
}
