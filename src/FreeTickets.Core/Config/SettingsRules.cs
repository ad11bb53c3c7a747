using System.Globalization;

namespace FreeTickets.Core.Config;

/// <summary>
/// Checks a method's bound settings against <see cref="SettingFields"/>: each returns the field (section.key) and what
/// was expected. The order is fixed, so messages come out in the same order every time: first each field's own rule in
/// table order (its range, choices or name, or the explicit rule of <see cref="ExplicitRules"/> that replaces them),
/// then the ceilings, then the entries of lists (the generic rules, then the explicit list rule).
/// </summary>
internal static class SettingsRules
{
    /// <summary>Every rule the settings of <paramref name="method"/> break, in the fixed order.</summary>
    public static IEnumerable<(string Field, string Message)> Check(MethodSettings settings, string method)
    {
        foreach (var field in SettingFields.All)
        {
            var value = SettingFields.ValueIn(field, settings);
            var message = ExplicitRules.OfValue.TryGetValue(field.Key, out var rule) ? rule(settings) : ValueRule(field, value, method);
            if (message is not null)
            {
                yield return (field.Key, message);
            }
        }

        foreach (var field in SettingFields.All.Where(f => f.Ceiling is not null))
        {
            if (SettingFields.ValueIn(field, settings) is int value && value > field.Ceiling)
            {
                yield return (field.Key, $"must be at most {ConfigValues.Setting(field.Ceiling)} (got {ConfigValues.Setting(value)})");
            }
        }

        foreach (var field in SettingFields.All)
        {
            foreach (var message in ItemRules(field, SettingFields.ValueIn(field, settings)))
            {
                yield return (field.Key, message);
            }

            if (ExplicitRules.OfItems.TryGetValue(field.Key, out var listRule) && listRule(settings) is { } listMessage)
            {
                yield return (field.Key, listMessage);
            }
        }
    }

    /// <summary>The generic rule of a single value: in its range, one of its choices, a valid plugin name.</summary>
    private static string? ValueRule(SettingField field, object? value, string method) => value switch
    {
        int or double when field.Range is { } range =>
            (field.UsedOnlyBy is { } user && user != method) || range.Contains(Convert.ToDouble(value, CultureInfo.InvariantCulture))
                ? null
                : field.RangeMessage(ConfigValues.Setting(value)),
        string text when field.Choices is { } choices => choices.Check(text),
        string name when field.PluginNoun is { } noun => ConfigNames.Check(noun, name),
        _ => null,
    };

    /// <summary>The generic rules of a list's entries: each distinct entry one of the choices, or a valid plugin name.</summary>
    private static IEnumerable<string> ItemRules(SettingField field, object? value) => value switch
    {
        IReadOnlyList<string> entries when field.Choices is { } choices =>
            entries.Distinct(StringComparer.Ordinal).Select(choices.Check).OfType<string>(),

        // A blank entry is the list rule's to report (ExplicitRules): "name must match" would only repeat it.
        IReadOnlyList<string> names when field.PluginNoun is { } noun =>
            names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).Select(n => ConfigNames.Check(noun, n)).OfType<string>(),
        _ => [],
    };
}
