using System.Text.Json;
using System.Text.Json.Nodes;

namespace FreeTickets.Core.Config;

/// <summary>
/// Reads the settings of each method of one matrix: its <c>overrides</c>, the merge of defaults, the matrix's sections
/// and the method's override (<see cref="SettingLayers"/>), binding to <see cref="MethodSettings"/>, and the checks of
/// <see cref="SettingsRules"/>, each error named where the offending value is written.
/// </summary>
/// <param name="at">The matrix's field path (<c>matrices.m</c>).</param>
/// <param name="errors">Receives what is wrong.</param>
internal sealed class MethodSettingsReader(string at, ConfigErrors errors)
{
    /// <summary>The settings of every known method of the matrix (each once, in the matrix's order).</summary>
    /// <param name="matrix">The matrix as written.</param>
    /// <param name="methods">The matrix's methods as read.</param>
    /// <param name="defaults">The <c>defaults</c> object as written.</param>
    /// <param name="validDefaults">Its sections with only their valid fields.</param>
    /// <param name="plugins">Resolves plugin names, or null when they are not checked.</param>
    public Dictionary<string, MethodSettings> Read(JsonObject matrix, List<string> methods, JsonObject defaults, JsonObject validDefaults, PluginNames? plugins)
    {
        // Fields with a wrong key or type are reported here and left out below, so that the range checks of every other
        // field still run: one pass reports every mistake.
        var validMatrix = SectionReader.ValidSections(matrix, at, errors);
        var (overrides, validOverrides) = ReadOverrides(matrix, methods);
        var layers = new SettingLayers(at, defaults, validDefaults, matrix, validMatrix, overrides, validOverrides);
        var settings = new Dictionary<string, MethodSettings>(StringComparer.Ordinal);
        foreach (var method in methods.Distinct().Where(MethodNames.All.Contains))
        {
            settings[method] = Settings(method, layers, plugins);
        }

        return settings;
    }

    /// <summary>Checks <c>overrides</c> and keeps the valid sections of each method's override.</summary>
    private (JsonObject Overrides, Dictionary<string, JsonObject> Valid) ReadOverrides(JsonObject matrix, List<string> methods)
    {
        var valid = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (!matrix.TryGetPropertyValue("overrides", out var node))
        {
            return ([], valid);
        }

        if (node is not JsonObject overrides)
        {
            errors.Add($"{at}.overrides", $"expected an object of per-method sections (got {ConfigValues.Show(node)})");
            return ([], valid);
        }

        foreach (var (method, o) in overrides)
        {
            var where = $"{at}.overrides.{method}";
            if (MatrixAxes.MethodChoices.Check(method) is { } unknown)
            {
                errors.Add(where, unknown);
            }
            else if (!methods.Contains(method))
            {
                errors.Add(where, $"override for a method that is not in this matrix (methods: {string.Join(", ", methods)})");
            }
            else if (o is JsonObject sections)
            {
                SectionReader.CheckKeys(sections, SectionReader.Names, where, errors);
                valid[method] = SectionReader.ValidSections(sections, where, errors);
            }
            else
            {
                errors.Add(where, $"expected an object of sections (got {ConfigValues.Show(o)})");
            }
        }

        return (overrides, valid);
    }

    /// <summary>Defaults, then the matrix, then the method's override; range errors name where the value is written.</summary>
    private MethodSettings Settings(string method, SettingLayers layers, PluginNames? plugins)
    {
        MethodSettings s;
        try
        {
            s = layers.Merged(method).Deserialize<MethodSettings>(ConfigTypes.Strict) ?? new MethodSettings();
        }
        catch (JsonException ex)
        {
            // Every section was checked field by field, so this is not expected; still one line, never a crash.
            errors.Add($"{at}{(string.IsNullOrEmpty(ex.Path) ? "" : ex.Path.TrimStart('$'))}", ConfigJson.FirstSentence(ex.Message));
            return new MethodSettings();
        }

        foreach (var (field, what) in SettingsRules.Check(s, method))
        {
            errors.Add(layers.Origin(field, method), what);
        }

        // The sparse section's plugins are loaded by sparse methods only; OoD datasets by every method.
        foreach (var field in SettingFields.All.Where(f => f.Plugin is not null && (f.Section != "sparse" || MethodNames.IsSparse(method))))
        {
            var names = SettingFields.ValueIn(field, s) switch
            {
                string name => [name],
                IReadOnlyList<string> list => list,
                _ => [],
            };
            foreach (var name in names)
            {
                plugins?.Check(field.Plugin!.Value, name, layers.Origin(field.Key, method));
            }
        }

        return s;
    }
}
