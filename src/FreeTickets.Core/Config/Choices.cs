namespace FreeTickets.Core.Config;

/// <summary>The names a setting accepts (an enum in the schema) and what one of them is called in messages.</summary>
/// <param name="Noun">What a name names, as messages say it: "drop schedule", "method".</param>
/// <param name="Names">The accepted names, in the order messages list them.</param>
internal sealed record Choices(string Noun, IReadOnlyList<string> Names)
{
    /// <summary>What is wrong with <paramref name="value"/>, or null when it is one of the names.</summary>
    public string? Check(string value) =>
        Names.Contains(value, StringComparer.Ordinal) ? null : $"unknown {Noun} '{value}' (expected one of {string.Join(", ", Names)})";
}
