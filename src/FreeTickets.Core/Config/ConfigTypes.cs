using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FreeTickets.Core.Config;

/// <summary>
/// The types of setting values as the settings records declare them: which JSON value fits which type, and how a
/// message names the type. The records are the only list of keys and types, so the loader cannot drift from them.
/// </summary>
internal static class ConfigTypes
{
    /// <summary>Binding options: camelCase keys, no unknown member, no number written as a string.</summary>
    public static JsonSerializerOptions Strict { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>The keys of a settings record (camelCase, in declaration order) and the type of each value.</summary>
    public static IReadOnlyDictionary<string, Type> FieldsOf(Type record) =>
        record.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => p.PropertyType, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="value"/> binds to <paramref name="type"/> (null never does: it is a value written).</summary>
    public static bool Fits(System.Text.Json.Nodes.JsonNode? value, Type type)
    {
        if (value is null)
        {
            return false;
        }

        try
        {
            // 1e999 parses as infinity: a number no one meant (an infinite learning rate), refused with the value written.
            return value.Deserialize(type, Strict) switch
            {
                null => false,
                double v => double.IsFinite(v),
                IEnumerable<double> list => list.All(double.IsFinite),
                IEnumerable<string?> strings => strings.All(x => x is not null),
                _ => true,
            };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>What a message says was expected of a value of <paramref name="type"/>: "a whole number", ...</summary>
    public static string Describe(Type type) =>
        type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(double) ? "a number"
        : type == typeof(string) ? "a string"
        : type == typeof(bool) ? "true or false"
        : typeof(IEnumerable<double>).IsAssignableFrom(type) ? "a list of numbers"
        : typeof(IEnumerable<int>).IsAssignableFrom(type) ? "a list of whole numbers"
        : typeof(IEnumerable<string>).IsAssignableFrom(type) ? "a list of strings"
        : "an object";
}
