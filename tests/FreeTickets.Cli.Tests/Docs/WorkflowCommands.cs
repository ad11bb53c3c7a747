using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace FreeTickets.Cli.Tests.Docs;

/// <summary>
/// Reads CI files as YAML: the GitHub workflows' <c>run:</c> steps and a GitLab job's <c>script:</c> lines, and says which
/// shell commands in them are neither the shared script (eng/reproduce-leaderboard.sh) nor a <c>dotnet</c> command that
/// a page documents. A file that is not YAML throws (YamlDotNet's exception names line and column).
/// </summary>
internal static class WorkflowCommands
{
    /// <summary>The script every CI file calls for the leaderboard.</summary>
    public const string Script = "eng/reproduce-leaderboard.sh";

    private static readonly Regex _dotnetVerb = new(@"^dotnet\s+(nuget\s+\w+|tool\s+\w+|new\s+\w+|[a-z][\w-]*)", RegexOptions.CultureInvariant);

    /// <summary>The single document of <paramref name="yaml"/>, whose root must be a mapping.</summary>
    public static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var document = Assert.Single(stream.Documents);
        return Assert.IsType<YamlMappingNode>(document.RootNode);
    }

    /// <summary>The value of <paramref name="key"/> in <paramref name="node"/>, or null.</summary>
    public static YamlNode? Get(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>Every step of every job of a GitHub workflow, as (job, step name, step mapping).</summary>
    public static IEnumerable<(string Job, string Step, YamlMappingNode Node)> Steps(YamlMappingNode workflow)
    {
        var jobs = Assert.IsType<YamlMappingNode>(Get(workflow, "jobs"));
        foreach (var (jobKey, job) in jobs.Children)
        {
            var steps = Assert.IsType<YamlSequenceNode>(Get(job, "steps"));
            var index = 0;
            foreach (var step in steps.Children)
            {
                index++;
                var map = Assert.IsType<YamlMappingNode>(step);
                var name = (Get(map, "name") as YamlScalarNode)?.Value ?? (Get(map, "uses") as YamlScalarNode)?.Value ?? $"step {index}";
                yield return (((YamlScalarNode)jobKey).Value!, name, map);
            }
        }
    }

    /// <summary>The shell commands of a <c>run:</c> block or a list of script lines: comments and blank lines dropped,
    /// backslash continuations joined.</summary>
    public static IEnumerable<string> Commands(string shell)
    {
        var joined = Regex.Replace(shell.ReplaceLineEndings("\n"), @"\\\n\s*", " ");
        return joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
    }

    /// <summary>Why <paramref name="command"/> breaks the rule, or null when it calls the shared script or a
    /// <c>dotnet</c> command whose verb (<c>dotnet pack</c>, <c>dotnet nuget push</c>, ...) <paramref name="documentation"/>
    /// shows.</summary>
    public static string? Violation(string command, string documentation)
    {
        if (command.StartsWith(Script + " ", StringComparison.Ordinal) || command == Script)
        {
            return null;
        }

        if (_dotnetVerb.Match(command) is { Success: true } verb)
        {
            var words = "dotnet " + Regex.Replace(verb.Groups[1].Value, @"\s+", " ");
            return documentation.Contains(words, StringComparison.Ordinal) ? null : $"'{command}': {words} is not documented";
        }

        return $"'{command}': neither {Script} nor a documented dotnet command";
    }

    /// <summary>Every <c>run:</c> command of a workflow that breaks the rule, as "job / step: why".</summary>
    public static IEnumerable<string> RunViolations(YamlMappingNode workflow, string documentation) =>
        from step in Steps(workflow)
        let run = Get(step.Node, "run") as YamlScalarNode
        where run is not null
        from command in Commands(run.Value ?? "")
        let why = Violation(command, documentation)
        where why is not null
        select $"{step.Job} / {step.Step}: {why}";
}
