using System.Text.Json.Nodes;

namespace FreeTickets.Core.Config;

/// <summary>
/// The numbers a setting accepts: an optional lower and upper bound, each inclusive or exclusive. The schema writes it
/// as JSON Schema keywords (<see cref="WriteTo"/>), the checks test values with <see cref="Contains"/> and say what was
/// expected with <see cref="Describe"/>.
/// </summary>
/// <param name="Minimum">Lower bound, or null.</param>
/// <param name="Maximum">Upper bound, or null.</param>
/// <param name="ExclusiveMinimum">Whether the lower bound itself is refused.</param>
/// <param name="ExclusiveMaximum">Whether the upper bound itself is refused.</param>
internal sealed record NumberRange(double? Minimum = null, double? Maximum = null, bool ExclusiveMinimum = false, bool ExclusiveMaximum = false)
{
    /// <summary>[min, infinity).</summary>
    public static NumberRange AtLeast(double minimum) => new(minimum);

    /// <summary>(min, infinity).</summary>
    public static NumberRange Above(double minimum) => new(minimum, ExclusiveMinimum: true);

    /// <summary>Whether <paramref name="value"/> is in the range (NaN never is).</summary>
    public bool Contains(double value) =>
        (Minimum is not { } min || (ExclusiveMinimum ? value > min : value >= min))
        && (Maximum is not { } max || (ExclusiveMaximum ? value < max : value <= max));

    /// <summary>
    /// What a message says the value must be: <c>in [0, 1)</c>, <c>at least 1</c>, <c>positive</c>. A lower bound of 0
    /// reads <c>&gt;= 0</c> or <c>positive</c>.
    /// </summary>
    public string Describe() => (Minimum, Maximum) switch
    {
        ({ }, { }) => $"in {Interval()}",
        ({ } min, null) when ExclusiveMinimum => min == 0 ? "positive" : $"greater than {ConfigValues.Number(min)}",
        ({ } min, null) => min == 0 ? ">= 0" : $"at least {ConfigValues.Number(min)}",
        (null, { } max) when ExclusiveMaximum => $"less than {ConfigValues.Number(max)}",
        (null, { } max) => $"at most {ConfigValues.Number(max)}",
        _ => "a number",
    };

    /// <summary>The range in interval notation: <c>[0, 1)</c>, <c>(0, infinity)</c>.</summary>
    public string Interval() =>
        $"{(ExclusiveMinimum || Minimum is null ? '(' : '[')}{(Minimum is { } min ? ConfigValues.Number(min) : "-infinity")}, "
        + $"{(Maximum is { } max ? ConfigValues.Number(max) : "infinity")}{(ExclusiveMaximum || Maximum is null ? ')' : ']')}";

    /// <summary>Adds the bounds to a JSON Schema node: <c>minimum</c> or <c>exclusiveMinimum</c>, then the maximum.</summary>
    public void WriteTo(JsonObject node)
    {
        if (Minimum is { } min)
        {
            node[ExclusiveMinimum ? "exclusiveMinimum" : "minimum"] = min;
        }

        if (Maximum is { } max)
        {
            node[ExclusiveMaximum ? "exclusiveMaximum" : "maximum"] = max;
        }
    }
}
