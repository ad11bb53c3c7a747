using System.Text.Json;
using FreeTickets.Core;
using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;

namespace FreeTickets.Cli.Commands;

/// <summary>Where plugins are looked for: the tool's own plugins/ folder, --plugins, and the config's pluginPaths.</summary>
internal static class PluginRoots
{
    public static PluginCatalog Discover(PluginSettings settings, IEnumerable<string>? configPluginPaths = null)
    {
        var roots = new List<string>();
        if (Directory.Exists(PluginDiscovery.BuiltInRoot))
        {
            roots.Add(PluginDiscovery.BuiltInRoot);
        }

        foreach (var dir in settings.Plugins)
        {
            if (!Directory.Exists(dir))
            {
                throw new BadInputException($"--plugins {dir}: folder does not exist");
            }

            roots.Add(dir);
        }

        roots.AddRange(configPluginPaths ?? ReadPluginPaths(settings));
        return PluginDiscovery.Discover(roots);
    }

    /// <summary>The config's "pluginPaths" (relative to the config file), when the config exists.</summary>
    private static IEnumerable<string> ReadPluginPaths(CommonSettings settings)
    {
        var path = settings.ConfigPath;
        if (!File.Exists(path))
        {
            if (settings.Config is not null)
            {
                throw new BadInputException($"{path}: config file not found");
            }

            return [];
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!doc.RootElement.TryGetProperty("pluginPaths", out var paths))
            {
                return [];
            }

            var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var folders = new List<string>();
            foreach (var (entry, i) in paths.EnumerateArray().Select((p, i) => (p.GetString() ?? throw new InvalidOperationException(), i)))
            {
                folders.Add(PluginFolders.Resolve(entry, baseDir, out var folder) is { } wrong
                    ? throw new BadInputException($"{path}: pluginPaths[{i}]: {wrong}")
                    : folder);
            }

            return folders;
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"{path}: invalid JSON at line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}: {ex.Message.Split('.')[0]}");
        }
        catch (InvalidOperationException)
        {
            // Not an array, or an element that is not a string.
            throw new BadInputException($"{path}: pluginPaths: expected a list of strings");
        }
    }
}
