using System.Text.RegularExpressions;

namespace FreeTickets.Cli.Tests.Docs;

/// <summary>
/// Checks that a repository stands alone: its Markdown links and the documentation paths its code names lead to files
/// inside it, and nothing points at design notes kept outside it. Each problem is one line, <c>file:line: ...</c>.
/// </summary>
internal sealed class RepositoryLinks
{
    // A documentation path as code comments name it, such as docs/cli.md#exit-codes: the anchor is optional.
    private static readonly Regex _docPath = new(@"(?<![\w./-])docs/[\w./-]*?\.md(?:#[\w-]+)?", RegexOptions.CultureInvariant);
    private static readonly Regex _scheme = new(@"^[a-zA-Z][a-zA-Z0-9+.-]*:", RegexOptions.CultureInvariant);

    // Spelled in pieces so that this file does not name them itself.
    private static readonly string[] _outsideReferences = ["shared/" + "design", "ARCHITECTURE" + ".md", "ENVIRONMENT" + ".md", "../" + "shared/"];

    private readonly string _root;
    private readonly HashSet<string> _files;
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlySet<string>> _anchors = new(StringComparer.Ordinal);

    public RepositoryLinks(string root, IEnumerable<string> files)
    {
        _root = Path.GetFullPath(root);
        _files = new HashSet<string>(files, StringComparer.Ordinal);
        foreach (var file in _files)
        {
            for (var folder = Path.GetDirectoryName(file); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
            {
                _folders.Add(folder.Replace(Path.DirectorySeparatorChar, '/'));
            }
        }
    }

    /// <summary>The Markdown files.</summary>
    public IEnumerable<string> MarkdownFiles => _files.Where(IsMarkdown).Order(StringComparer.Ordinal);

    /// <summary>Relative links and images of every Markdown file that lead nowhere: a missing file or folder, a path
    /// outside the repository, or a #anchor that is no heading of its target.</summary>
    public IEnumerable<string> BrokenMarkdownLinks()
    {
        foreach (var file in MarkdownFiles)
        {
            foreach (var (line, target) in MarkdownText.Links(Read(file)))
            {
                if (Problem(file, target) is { } problem)
                {
                    yield return $"{file}:{line}: ({target}) {problem}";
                }
            }
        }
    }

    /// <summary>Paths like <c>docs/cli.md#exit-codes</c> in files other than Markdown (code comments, scripts, project
    /// files) that lead nowhere; they are read from the repository root.</summary>
    public IEnumerable<string> BrokenDocPathsInCode()
    {
        foreach (var file in TextFiles().Where(f => !IsMarkdown(f)))
        {
            var lines = Lines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match match in _docPath.Matches(lines[i]))
                {
                    if (Problem(null, match.Value) is { } problem)
                    {
                        yield return $"{file}:{i + 1}: {match.Value} {problem}";
                    }
                }
            }
        }
    }

    /// <summary>Lines of any text file that name design notes outside the repository.</summary>
    public IEnumerable<string> OutsideReferences()
    {
        foreach (var file in TextFiles())
        {
            var lines = Lines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var name in _outsideReferences.Where(n => lines[i].Contains(n, StringComparison.Ordinal)))
                {
                    yield return $"{file}:{i + 1}: names {name}, which is not in the repository";
                }
            }
        }
    }

    /// <summary>Markdown files that no chain of relative links from <paramref name="start"/> reaches.</summary>
    public IEnumerable<string> Unreachable(string start, Func<string, bool> mustBeReached)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { start };
        var pending = new Queue<string>([start]);
        while (pending.TryDequeue(out var file))
        {
            foreach (var (_, target) in MarkdownText.Links(Read(file)))
            {
                if (Problem(file, target) is null && Resolve(file, target) is { } path && IsMarkdown(path) && reached.Add(path))
                {
                    pending.Enqueue(path);
                }
            }
        }

        return MarkdownFiles.Where(mustBeReached).Where(f => !reached.Contains(f));
    }

    private static bool IsMarkdown(string file) => file.EndsWith(".md", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why <paramref name="target"/>, written in <paramref name="from"/> (null: the root), leads nowhere, or null.</summary>
    private string? Problem(string? from, string target)
    {
        if (_scheme.IsMatch(target) || target.StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }

        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var anchor = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
        if (Resolve(from, target) is not { } path)
        {
            return "leads outside the repository";
        }

        if (!_files.Contains(path) && !_folders.Contains(path) && path.Length > 0)
        {
            return $"names {path}, which is not in the repository";
        }

        if (anchor is { Length: > 0 } && IsMarkdown(path) && !AnchorsOf(path).Contains(anchor))
        {
            return $"names the anchor #{anchor}, which is no heading of {path}";
        }

        return null;
    }

    /// <summary>The repository-relative path a target names (the file itself for "#anchor"), or null outside the root.</summary>
    private string? Resolve(string? from, string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        if (path.Length == 0)
        {
            return from ?? "";
        }

        var folder = path.StartsWith('/') || from is null ? _root : Path.Combine(_root, Path.GetDirectoryName(from) ?? "");
        var full = Path.GetFullPath(Path.Combine(folder, path.TrimStart('/')));
        if (full == _root)
        {
            return "";
        }

        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? Path.GetRelativePath(_root, full).Replace(Path.DirectorySeparatorChar, '/').TrimEnd('/')
            : null;
    }

    private IReadOnlySet<string> AnchorsOf(string file)
    {
        if (!_anchors.TryGetValue(file, out var anchors))
        {
            anchors = MarkdownText.Anchors(Read(file));
            _anchors[file] = anchors;
        }

        return anchors;
    }

    private IEnumerable<string> TextFiles() =>
        _files.Order(StringComparer.Ordinal).Where(f => RepositoryFiles.IsText(Path.Combine(_root, f)));

    private string Read(string file) => File.ReadAllText(Path.Combine(_root, file));

    private string[] Lines(string file) => Read(file).ReplaceLineEndings("\n").Split('\n');
}
