using System.Globalization;
using System.Text;

namespace FreeTickets.Core.Config;

/// <summary>
/// The rule for names a config writes that become parts of file and folder names: matrix names (<c>results/&lt;matrix&gt;</c>)
/// and plugin names (datasets, architectures, pruning criteria, regrowth rules, OoD datasets), from which cell ids
/// (<c>cells/&lt;id&gt;.json</c>) are built. A lowercase letter or digit first, then lowercase letters, digits, '.', '_' and
/// '-': no path separator, no <c>..</c> or hidden name, nothing another file system or a shell reads differently, so a
/// config can never make the tool read or write outside its results folder.
/// </summary>
public static class ConfigNames
{
    /// <summary>The pattern every name matches, as messages show it.</summary>
    public const string Pattern = "[a-z0-9][a-z0-9._-]*";

    /// <summary>Longest name: file systems stop at 255 bytes per file name, and a cell id joins several names.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// Longest cell id: its record's temporary file (<c>.&lt;id&gt;.json.&lt;pid&gt;.&lt;guid&gt;.tmp</c>) must still fit in a
    /// 255-byte file name.
    /// </summary>
    public const int MaxCellIdLength = 190;

    /// <summary>Whether <paramref name="name"/> matches <see cref="Pattern"/> and is at most <see cref="MaxLength"/> long.</summary>
    public static bool IsValid(string? name) => name is { Length: <= MaxLength } && Matches(name, extra: '-');

    /// <summary>
    /// Whether a cell id is one plain file name built of valid names ('_' between them, '+' between the pruning criterion and
    /// the regrowth rule), short enough for its record's file names.
    /// </summary>
    public static bool IsCellId(string? id) => id is { Length: <= MaxCellIdLength } && Matches(id, extra: '+');

    /// <summary>
    /// What is wrong with a name, or null when it is valid: <c>matrix name must match [a-z0-9][a-z0-9._-]* (got '../x')</c>.
    /// </summary>
    /// <param name="what">What the name names (matrix, dataset, architecture, ...).</param>
    /// <param name="name">The name as written.</param>
    public static string? Check(string what, string? name) =>
        IsValid(name) ? null
        : name is not null && Matches(name, extra: '-') ? $"{what} name must be at most {MaxLength} characters (got {name.Length}: {Quote(name)})"
        : $"{what} name must match {Pattern} (got {Quote(name)})";

    /// <summary>
    /// A string for a one-line message: in single quotes, control and line-separator characters escaped as <c>\uXXXX</c>,
    /// shortened after 60 characters.
    /// </summary>
    public static string Quote(string? value) => value is null ? "null" : $"'{Escape(value.Length <= 60 ? value : value[..57] + "...")}'";

    /// <summary><paramref name="value"/> with control and line-separator characters escaped, so it stays on one line.</summary>
    public static string Escape(string value)
    {
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            text.Append(NeedsEscape(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString());
        }

        return text.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Format or UnicodeCategory.Surrogate;

    /// <summary>A lowercase letter or digit first, then those, '.', '_', '-' and <paramref name="extra"/>.</summary>
    private static bool Matches(string text, char extra) =>
        text.Length > 0 && IsLeading(text[0]) && text.All(c => IsLeading(c) || c is '.' or '_' or '-' || c == extra);

    private static bool IsLeading(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
