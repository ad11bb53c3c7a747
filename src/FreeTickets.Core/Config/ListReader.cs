using System.Text.Json;
using System.Text.Json.Nodes;

namespace FreeTickets.Core.Config;

/// <summary>Reads the lists of the file (<c>pluginPaths</c>, a matrix's axes): strings, whole numbers or finite numbers.</summary>
internal static class ListReader
{
    /// <summary>The list at <paramref name="key"/> of <paramref name="node"/>; empty (and an error) when it is wrong.</summary>
    /// <param name="node">The object holding the list.</param>
    /// <param name="key">The list's key.</param>
    /// <param name="at">The object's field path ("$" is the root).</param>
    /// <param name="errors">Receives what is wrong.</param>
    /// <param name="required">Whether the list must be there and not empty.</param>
    public static List<T> Read<T>(JsonObject node, string key, string at, ConfigErrors errors, bool required = false)
    {
        var where = SectionReader.PathOf(at, key);
        var what = typeof(T) == typeof(string) ? "strings" : typeof(T) == typeof(long) ? "whole numbers" : "numbers";
        if (node[key] is not { } value)
        {
            // null is a value written, not an absent key: never read as "use the default".
            if (required || node.ContainsKey(key))
            {
                errors.Add(where, !node.ContainsKey(key) ? "required list is missing" : required ? "expected a non-empty list (got null)" : $"expected a list of {what} (got null)");
            }

            return [];
        }

        try
        {
            var list = value.Deserialize<List<T>>(ConfigTypes.Strict) ?? [];
            if (typeof(T) == typeof(string) && list.Any(s => s is null))
            {
                throw new JsonException("null in a list of strings");
            }

            if (list is List<double> numbers && !numbers.All(double.IsFinite))
            {
                throw new JsonException("a number too large for a double");
            }

            if (required && list.Count == 0)
            {
                errors.Add(where, "must not be empty (got [])");
            }

            return list;
        }
        catch (JsonException)
        {
            errors.Add(where, $"expected a list of {what} (got {ConfigValues.Show(value)})");
            return [];
        }
    }
}
