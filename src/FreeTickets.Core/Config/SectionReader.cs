using System.Text.Json.Nodes;

namespace FreeTickets.Core.Config;

/// <summary>
/// Reads objects of the file where they are written: unknown keys, and the settings sections (<c>training</c>, ...) of
/// defaults, a matrix or an override field by field, so that every mistake of a section is reported at once and the
/// fields already reported are left out of the merge (the range checks of every other field still run).
/// </summary>
internal static class SectionReader
{
    /// <summary>The section names, in the order messages list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. SettingFields.Sections.Select(s => s.Name)];

    /// <summary>Keys of each section and the type of their values (from the settings records, so they cannot drift).</summary>
    private static readonly Dictionary<string, IReadOnlyDictionary<string, Type>> _fields =
        SettingFields.Sections.ToDictionary(s => s.Name, s => ConfigTypes.FieldsOf(s.Type), StringComparer.Ordinal);

    /// <summary>The field path of <paramref name="key"/> in the object at <paramref name="at"/> ("$" is the root).</summary>
    public static string PathOf(string at, string key) => $"{at}.{key}".TrimStart('$', '.');

    /// <summary>Reports every key of <paramref name="node"/> that is not in <paramref name="allowed"/>.</summary>
    public static void CheckKeys(JsonObject node, IReadOnlyList<string> allowed, string at, ConfigErrors errors)
    {
        foreach (var (key, _) in node)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                errors.Add(PathOf(at, key), $"unknown key '{key}' (expected one of {string.Join(", ", allowed)})");
            }
        }
    }

    /// <summary>The sections of <paramref name="node"/> (defaults, a matrix, an override) with only their valid fields.</summary>
    public static JsonObject ValidSections(JsonObject node, string at, ConfigErrors errors)
    {
        var result = new JsonObject();
        foreach (var section in Names.Where(node.ContainsKey))
        {
            if (ValidFields(node[section], section, at, errors) is { } fields)
            {
                result[section] = fields;
            }
        }

        return result;
    }

    /// <summary>
    /// Checks one section where it is written: an object whose keys are known and whose values have the right type.
    /// Returns a copy holding only the valid fields (null when the section is not an object).
    /// </summary>
    private static JsonObject? ValidFields(JsonNode? node, string section, string at, ConfigErrors errors)
    {
        var where = $"{at}.{section}";
        if (node is not JsonObject fields)
        {
            errors.Add(where, $"expected an object (got {ConfigValues.Show(node)})");
            return null;
        }

        var known = _fields[section];
        var valid = new JsonObject();
        foreach (var (key, value) in fields)
        {
            if (!known.TryGetValue(key, out var type))
            {
                errors.Add($"{where}.{key}", $"unknown key '{key}' (expected one of {string.Join(", ", known.Keys)})");
            }
            else if (!ConfigTypes.Fits(value, type))
            {
                errors.Add($"{where}.{key}", $"expected {ConfigTypes.Describe(type)} (got {ConfigValues.Show(value)})");
            }
            else
            {
                valid[key] = value!.DeepClone();
            }
        }

        return valid;
    }
}
