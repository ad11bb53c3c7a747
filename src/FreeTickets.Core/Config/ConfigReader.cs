using System.Text.Json.Nodes;
using FreeTickets.Core.Plugins;

namespace FreeTickets.Core.Config;

/// <summary>
/// Reads a parsed <c>benchmarks.json</c>: the root's keys, <c>pluginPaths</c>, <c>defaults</c> and every matrix. Every
/// mistake is reported (the matrices inherit the valid fields of defaults, so one wrong default does not hide the rest).
/// </summary>
internal static class ConfigReader
{
    private static readonly string[] _rootKeys = ["$schema", "pluginPaths", "defaults", "matrices"];

    /// <summary>The config, or null when any error was found.</summary>
    /// <param name="path">The config file as given (for messages).</param>
    /// <param name="full">Its full path (plugin folders are relative to its folder).</param>
    /// <param name="root">The parsed file.</param>
    /// <param name="discoverPlugins">Finds the plugins of the config's plugin folders, or null not to check plugin names.</param>
    /// <param name="errors">Receives what is wrong.</param>
    public static BenchmarkConfig? Read(string path, string full, JsonObject root, Func<IReadOnlyList<string>, PluginCatalog>? discoverPlugins, ConfigErrors errors)
    {
        SectionReader.CheckKeys(root, _rootKeys, "$", errors);
        var pluginPaths = PluginPaths(root, Path.GetDirectoryName(full)!, errors);

        var defaults = root["defaults"] as JsonObject ?? [];
        if (root.TryGetPropertyValue("defaults", out var d) && d is not JsonObject)
        {
            errors.Add("defaults", $"expected an object of sections (got {ConfigValues.Show(d)})");
        }

        SectionReader.CheckKeys(defaults, SectionReader.Names, "defaults", errors);
        var validDefaults = SectionReader.ValidSections(defaults, "defaults", errors);

        var plugins = discoverPlugins is null ? null : new PluginNames(discoverPlugins(pluginPaths), errors);
        var matrices = new Dictionary<string, MatrixDefinition>(StringComparer.Ordinal);
        if (root["matrices"] is not JsonObject matricesNode)
        {
            errors.Add("matrices", $"expected an object of named matrices (got {ConfigValues.Show(root["matrices"])})");
        }
        else if (matricesNode.Count == 0)
        {
            errors.Add("matrices", "expected at least one matrix (got {})");
        }
        else
        {
            foreach (var (name, node) in matricesNode)
            {
                // The name becomes the folder results/<name>: '../x' must never reach a path.
                if (ConfigNames.Check("matrix", name) is { } badName)
                {
                    errors.Add($"matrices.{name}", badName);
                }

                if (MatrixReader.Read(path, name, node, defaults, validDefaults, plugins, errors) is { } matrix)
                {
                    matrices[name] = matrix;
                }
            }
        }

        return errors.Count > 0 ? null : new BenchmarkConfig(full, pluginPaths, matrices);
    }

    /// <summary>The folders of <c>pluginPaths</c>, relative to the config's folder; each wrong entry is an error.</summary>
    private static List<string> PluginPaths(JsonObject root, string configFolder, ConfigErrors errors)
    {
        var folders = new List<string>();
        var entries = ListReader.Read<string>(root, "pluginPaths", "$", errors);
        for (var i = 0; i < entries.Count; i++)
        {
            if (PluginFolders.Resolve(entries[i], configFolder, out var folder) is { } wrong)
            {
                errors.Add($"pluginPaths[{i}]", wrong);
            }
            else
            {
                folders.Add(folder);
            }
        }

        return folders;
    }
}
