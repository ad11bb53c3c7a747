using System.Text.Json.Nodes;

namespace FreeTickets.Core.Config;

/// <summary>Reads one matrix of <c>matrices</c>: its keys, its axes (<see cref="MatrixAxes"/>), each method's settings.</summary>
internal static class MatrixReader
{
    private static readonly string[] _keys =
        ["description", "datasets", "architectures", "methods", "sparsities", "seeds", "prunes", "regrows", .. SectionReader.Names, "overrides"];

    /// <summary>The matrix, or null when it is not an object; what is wrong goes to <paramref name="errors"/>.</summary>
    /// <param name="source">The config file as given (recorded in the matrix for messages).</param>
    /// <param name="name">The matrix's name.</param>
    /// <param name="node">The matrix as written.</param>
    /// <param name="defaults">The <c>defaults</c> object as written (to tell where a value comes from).</param>
    /// <param name="validDefaults">Its sections without the fields already reported as wrong.</param>
    /// <param name="plugins">Resolves plugin names, or null when they are not checked.</param>
    /// <param name="errors">Receives what is wrong.</param>
    public static MatrixDefinition? Read(string source, string name, JsonNode? node, JsonObject defaults, JsonObject validDefaults, PluginNames? plugins, ConfigErrors errors)
    {
        var at = $"matrices.{name}";
        if (node is not JsonObject matrix)
        {
            errors.Add(at, $"expected an object (got {ConfigValues.Show(node)})");
            return null;
        }

        SectionReader.CheckKeys(matrix, _keys, at, errors);
        var axes = MatrixAxes.Read(matrix, at, errors);
        var settings = new MethodSettingsReader(at, errors).Read(matrix, axes.Methods, defaults, validDefaults, plugins);
        foreach (var (key, kind, names) in axes.PluginLists)
        {
            plugins?.CheckAll(kind, names, at, key);
        }

        return new MatrixDefinition(name, axes.Description, axes.Datasets, axes.Architectures, axes.Methods, axes.Sparsities, axes.Seeds, settings)
        {
            Source = source,
            Prunes = axes.Prunes,
            Regrows = axes.Regrows,
        };
    }
}
