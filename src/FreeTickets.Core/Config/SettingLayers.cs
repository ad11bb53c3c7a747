using System.Text.Json.Nodes;

namespace FreeTickets.Core.Config;

/// <summary>
/// The layers one matrix's settings merge from: <c>defaults</c>, then the matrix's own sections, then
/// <c>overrides.&lt;method&gt;</c>. Each layer is kept as written (to tell where a value comes from) and with only its
/// valid fields (to merge: a field already reported as wrong falls back to the layer below).
/// </summary>
/// <param name="at">The matrix's field path (<c>matrices.m</c>).</param>
/// <param name="defaults">The <c>defaults</c> object as written.</param>
/// <param name="validDefaults">Its sections with only their valid fields.</param>
/// <param name="matrix">The matrix as written.</param>
/// <param name="validMatrix">Its sections with only their valid fields.</param>
/// <param name="overrides">The matrix's <c>overrides</c> object as written (empty when there is none).</param>
/// <param name="validOverrides">The valid sections of each method's override.</param>
internal sealed class SettingLayers(
    string at,
    JsonObject defaults,
    JsonObject validDefaults,
    JsonObject matrix,
    JsonObject validMatrix,
    JsonObject overrides,
    IReadOnlyDictionary<string, JsonObject> validOverrides)
{
    /// <summary>The settings of <paramref name="method"/> as one JSON object: the valid fields of every layer merged.</summary>
    public JsonObject Merged(string method) => Merge(Merge(validDefaults, validMatrix), validOverrides.GetValueOrDefault(method) ?? []);

    /// <summary>Where the effective value of <paramref name="field"/> (section.key) for a method is written.</summary>
    public string Origin(string field, string method)
    {
        var (section, key) = (field[..field.IndexOf('.', StringComparison.Ordinal)], field[(field.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        // An override written as something other than an object was reported as such; it writes no field.
        static bool Has(JsonNode? node, string section, string key) => node is JsonObject o && o[section] is JsonObject s && s.ContainsKey(key);
        return Has(overrides[method], section, key) ? $"{at}.overrides.{method}.{field}"
            : Has(matrix, section, key) ? $"{at}.{field}"
            : Has(defaults, section, key) ? $"defaults.{field}"
            : $"{at}.{field} (built-in default)";
    }

    /// <summary>Deep merge: objects merge key by key, anything else in <paramref name="top"/> replaces.</summary>
    public static JsonObject Merge(JsonObject bottom, JsonObject top)
    {
        var result = (JsonObject)bottom.DeepClone();
        foreach (var (key, value) in top)
        {
            result[key] = value is JsonObject topChild && result[key] is JsonObject bottomChild
                ? Merge(bottomChild, topChild)
                : value?.DeepClone();
        }

        return result;
    }
}
