namespace FreeTickets.Core.Config;

/// <summary>
/// One mistake in a config file: the file as given, where in it (the field path where the offending value is written,
/// such as <c>matrices.m.training.epochs</c>; null when the file as a whole is wrong) and what was expected.
/// </summary>
/// <param name="File">The config file as given on the command line.</param>
/// <param name="Field">The field path, or null for the file itself.</param>
/// <param name="Message">What was expected, with the value found: <c>must be at least 1 (got 0)</c>.</param>
internal sealed record ConfigError(string File, string? Field, string Message)
{
    /// <summary>The one line every command prints: <c>file: field path: message</c>.</summary>
    /// <remarks>
    /// File names, keys and names can hold control characters: the line is escaped as a whole, so it stays one line.
    /// </remarks>
    public override string ToString() => ConfigNames.Escape(Field is null ? $"{File}: {Message}" : $"{File}: {Field}: {Message}");
}
