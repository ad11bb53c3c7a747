using FreeTickets.Abstractions;
using FreeTickets.Core.Plugins;

namespace FreeTickets.Core.Config;

/// <summary>
/// One setting (<c>training.epochs</c>): what it means and every limit on its value, defined once. The schema writes the
/// limits as JSON Schema keywords; <see cref="SettingsRules"/> checks them and words the messages from them.
/// </summary>
/// <param name="Key">"section.field", camelCase as in the file.</param>
/// <param name="Description">What the setting means (the schema's description).</param>
internal sealed record SettingField(string Key, string Description)
{
    /// <summary>The numbers a number setting accepts.</summary>
    public NumberRange? Range { get; init; }

    /// <summary>The numbers each entry of a list of numbers accepts.</summary>
    public NumberRange? ItemRange { get; init; }

    /// <summary>The names a string setting, or each entry of a list of strings, accepts.</summary>
    public Choices? Choices { get; init; }

    /// <summary>The kind of plugin the setting names: its names follow <see cref="ConfigNames"/> and must resolve.</summary>
    public PluginKind? Plugin { get; init; }

    /// <summary>
    /// Largest whole number accepted, far above any real setting: 2147483647 epochs is a whole number too, and would
    /// train for ever, overflow M x E or allocate past memory. Checked after every range; the schema leaves it out.
    /// </summary>
    public int? Ceiling { get; init; }

    /// <summary>The only method whose range is checked (the setting means nothing to the others); null: every method.</summary>
    public string? UsedOnlyBy { get; init; }

    /// <summary>The paper's symbol, first in range messages: "M must be at least 1".</summary>
    public string? Symbol { get; init; }

    /// <summary>The unit after the bound in range messages: "at least 1 iteration".</summary>
    public string? Unit { get; init; }

    /// <summary>Why the range is what it is, after it in range messages: "at least 2: each phase has two halves".</summary>
    public string? Reason { get; init; }

    /// <summary>The section (<c>training</c>).</summary>
    public string Section => Key[..Key.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>The field's name in its section (<c>epochs</c>).</summary>
    public string Name => Key[(Key.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>The word messages use for what the setting names: "pruning criterion", "dataset".</summary>
    public string? PluginNoun => Plugin is { } kind ? PluginKinds.Describe(kind) : null;

    /// <summary>What a value outside <see cref="Range"/> gets: <c>M must be at least 1 (got 0)</c>.</summary>
    public string RangeMessage(string value) =>
        $"{(Symbol is null ? "" : Symbol + " ")}must be {Range?.Describe()}{(Unit is null ? "" : " " + Unit)}{(Reason is null ? "" : ": " + Reason)} (got {value})";
}
