using System.Text;
using System.Text.RegularExpressions;

namespace FreeTickets.Cli.Tests.Docs;

/// <summary>
/// The parts of Markdown the link checks need: link targets with their line numbers, and the anchors GitHub gives
/// headings. Code blocks and inline code are skipped, as GitHub renders no links there.
/// </summary>
internal static class MarkdownText
{
    // Every "](target)" closes an inline link or image, nested or not; the target may hold one level of parentheses and
    // may be followed by a title.
    private static readonly Regex _inlineTarget = new(
        """\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)""", RegexOptions.CultureInvariant);

    private static readonly Regex _referenceDefinition = new(@"^ {0,3}\[[^\]]+\]:\s*(\S+)", RegexOptions.CultureInvariant);
    private static readonly Regex _atxHeading = new(@"^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex _setextUnderline = new(@"^ {0,3}(?:=+|-+)\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex _htmlAnchor = new("""<a\s[^>]*(?:name|id)="([^"]+)"[^>]*>""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex _codeSpan = new(@"(`+)(?:(?!\1).)+?\1", RegexOptions.CultureInvariant);
    private static readonly Regex _linkInHeading = new(@"!?\[([^\]]*)\]\([^)]*\)", RegexOptions.CultureInvariant);

    /// <summary>Every link and image target outside code, with its 1-based line.</summary>
    public static IEnumerable<(int Line, string Target)> Links(string markdown)
    {
        foreach (var (number, line) in ProseLines(markdown))
        {
            var prose = _codeSpan.Replace(line, m => new string(' ', m.Length));
            foreach (Match match in _inlineTarget.Matches(prose))
            {
                var target = match.Groups[1].Value.Trim('<', '>');
                if (target.Length > 0)
                {
                    yield return (number, target);
                }
            }

            if (_referenceDefinition.Match(prose) is { Success: true } definition)
            {
                yield return (number, definition.Groups[1].Value.Trim('<', '>'));
            }
        }
    }

    /// <summary>The anchors of a document: GitHub's slugs of its headings (repeats get -1, -2, ...) and explicit HTML anchors.</summary>
    public static IReadOnlySet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string heading)
        {
            var slug = Slug(heading);
            var repeat = seen.GetValueOrDefault(slug);
            seen[slug] = repeat + 1;
            anchors.Add(repeat == 0 ? slug : $"{slug}-{repeat}");
        }

        string? previous = null;
        foreach (var (_, line) in ProseLines(markdown))
        {
            if (_atxHeading.Match(line) is { Success: true } atx)
            {
                Add(atx.Groups[1].Value);
                previous = null;
                continue;
            }

            if (previous is not null && _setextUnderline.IsMatch(line))
            {
                Add(previous);
                previous = null;
                continue;
            }

            foreach (Match anchor in _htmlAnchor.Matches(line))
            {
                anchors.Add(anchor.Groups[1].Value);
            }

            // Only a paragraph line can be underlined into a heading: not a blank line, a table row or a list item.
            var trimmed = line.TrimStart();
            previous = trimmed.Length == 0 || trimmed[0] is '|' or '-' or '*' or '>' ? null : line.Trim();
        }

        return anchors;
    }

    /// <summary>
    /// GitHub's heading anchor: the rendered text, lowercased, without anything but letters, digits, marks, connector
    /// punctuation (the underscore), spaces and hyphens; each space becomes a hyphen (runs are not collapsed).
    /// </summary>
    public static string Slug(string heading)
    {
        var text = _linkInHeading.Replace(heading, m => m.Groups[1].Value);
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            var category = char.GetUnicodeCategory(c);
            if (c == ' ')
            {
                slug.Append('-');
            }
            else if (c == '-' || char.IsLetterOrDigit(c) || category is System.Globalization.UnicodeCategory.ConnectorPunctuation
                         or System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark)
            {
                slug.Append(c);
            }
        }

        return slug.ToString();
    }

    /// <summary>The lines outside fenced code blocks, numbered from 1.</summary>
    private static IEnumerable<(int Number, string Line)> ProseLines(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            var run = trimmed.Length >= 3 && trimmed[0] is '`' or '~' ? trimmed.Length - trimmed.TrimStart(trimmed[0]).Length : 0;
            if (fence is null && run >= 3)
            {
                fence = trimmed[..run];
                continue;
            }

            if (fence is not null)
            {
                if (run >= fence.Length && trimmed[0] == fence[0] && trimmed.TrimStart(fence[0]).Trim().Length == 0)
                {
                    fence = null;
                }

                continue;
            }

            yield return (i + 1, lines[i]);
        }
    }
}
