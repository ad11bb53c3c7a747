using System.Text.Json.Nodes;
using FreeTickets.Core.Plugins;

namespace FreeTickets.Core.Config;

/// <summary>
/// Reads <c>benchmarks.json</c> strictly: unknown keys, duplicate keys, wrong types and out-of-range values are errors (a
/// typo must never silently become a default). <see cref="Read"/> collects every error; <see cref="Load"/> throws on the
/// first. Every error is one line: <c>file: field path: what was expected (got value)</c>, where the field path is where
/// the offending value is written (<c>defaults.training.epochs</c>, <c>matrices.m.overrides.dense.training.epochs</c>).
/// </summary>
/// <remarks>
/// The file is read as strict UTF-8 (<see cref="ConfigText"/>), parsed (<see cref="ConfigJson"/>), then read section by
/// section (<see cref="ConfigReader"/>); the limits of every setting are in <see cref="SettingFields"/>.
/// </remarks>
public static class BenchmarkConfigLoader
{
    /// <summary>Loads the file or throws <see cref="BadInputException"/> (first error, and how many more).</summary>
    public static BenchmarkConfig Load(string path)
    {
        var (config, errors) = Read(path);
        if (errors.Count > 0)
        {
            var more = errors.Count > 1 ? $" ({errors.Count - 1} more error(s): run 'validate')" : "";
            throw new BadInputException(errors[0] + more);
        }

        return config!;
    }

    /// <summary>Reads the file and returns every error found (the config is null when any error was found).</summary>
    /// <param name="path">The config file.</param>
    /// <param name="discoverPlugins">When given, called with the config's plugin folders; every plugin name of every
    /// matrix is then resolved against the catalog it returns, and unknown names are errors too (<c>validate</c>).</param>
    public static (BenchmarkConfig? Config, IReadOnlyList<string> Errors) Read(string path, Func<IReadOnlyList<string>, PluginCatalog>? discoverPlugins = null)
    {
        if (Parse(path, out var full) is { } wrong)
        {
            return (null, [wrong.ToString()]);
        }

        var errors = new ConfigErrors(path);
        var config = ConfigReader.Read(path, full.Path, full.Root, discoverPlugins, errors);
        return (config, [.. errors.All.Select(e => e.ToString())]);
    }

    /// <summary>Finds, reads and parses the file; returns what is wrong with the file as a whole, or null.</summary>
    private static ConfigError? Parse(string path, out (string Path, JsonObject Root) file)
    {
        file = ("", []);
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return new ConfigError(path, null, "not a valid path");
        }

        if (Directory.Exists(full))
        {
            return new ConfigError(path, null, "expected a config file (got a folder)");
        }

        if (!File.Exists(full))
        {
            return new ConfigError(path, null, "config file not found");
        }

        string? wrong;
        JsonNode? root = null;
        try
        {
            wrong = ConfigText.Read(full, out var text) ?? ConfigJson.Parse(text, out root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            wrong = $"cannot be read ({ex.Message})";
        }

        if (wrong is not null)
        {
            return new ConfigError(path, null, wrong);
        }

        if (root is not JsonObject rootObject)
        {
            return new ConfigError(path, null, $"expected a JSON object at the top level (got {ConfigValues.Show(root)})");
        }

        file = (full, rootObject);
        return null;
    }
}
