using System.Globalization;
using System.Text.Json.Nodes;

namespace FreeTickets.Core.Config;

/// <summary>Values as messages show them (the <c>got ...</c> part of an error).</summary>
internal static class ConfigValues
{
    /// <summary>A JSON value as the user wrote it, shortened for a one-line message.</summary>
    public static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= 60 ? text : text[..57] + "...";
    }

    /// <summary>A number as written in JSON, whatever the culture.</summary>
    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A bound setting's value: numbers as in JSON, anything else as it is.</summary>
    public static string Setting(object? value) => value switch
    {
        double number => Number(number),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };
}
