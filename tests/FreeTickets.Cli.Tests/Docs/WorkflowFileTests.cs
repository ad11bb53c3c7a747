using System.Text.RegularExpressions;
using FreeTickets.Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace FreeTickets.Cli.Tests.Docs;

/// <summary>
/// The CI files a user copies (docs/ci.md): the GitHub workflows and the GitLab job parse as YAML, and every shell
/// command in them calls the shared script or a dotnet command docs/ci.md shows, so the leaderboard's steps live in
/// eng/reproduce-leaderboard.sh alone. The last tests show on made-up files that the rule catches what it should.
/// </summary>
public sealed class WorkflowFileTests
{
    private static readonly string _ciPage = Read("docs/ci.md");

    public static TheoryData<string> Workflows => [".github/workflows/leaderboard.yml", ".github/workflows/release.yml"];

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Should_run_only_the_script_or_documented_dotnet_commands_When_parsing_a_workflow(string path)
    {
        var workflow = WorkflowCommands.Parse(Read(path));

        Assert.NotEmpty(WorkflowCommands.Steps(workflow));
        var violations = WorkflowCommands.RunViolations(workflow, _ciPage).ToList();
        Assert.True(violations.Count == 0, path + ":\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Should_check_pull_requests_with_the_script_and_keep_caches_artifacts_and_summary_When_reading_the_leaderboard_workflow()
    {
        var workflow = WorkflowCommands.Parse(Read(".github/workflows/leaderboard.yml"));

        var on = Assert.IsType<YamlMappingNode>(WorkflowCommands.Get(workflow, "on"));
        Assert.True(on.Children.ContainsKey(new YamlScalarNode("pull_request")), "not run on pull requests");
        Assert.True(on.Children.ContainsKey(new YamlScalarNode("workflow_dispatch")), "not runnable by hand");

        var steps = WorkflowCommands.Steps(workflow).Select(s => s.Node).ToList();
        var runs = steps.Select(s => (WorkflowCommands.Get(s, "run") as YamlScalarNode)?.Value).OfType<string>().ToList();
        Assert.Contains(runs, r => r.StartsWith(WorkflowCommands.Script + " ", StringComparison.Ordinal));

        var cached = Uses(steps, "actions/cache").Select(s => ((YamlScalarNode)WorkflowCommands.Get(WorkflowCommands.Get(s, "with"), "path")!).Value).ToList();
        Assert.Contains("~/.nuget/packages", cached);
        Assert.Contains("${{ env.FREETICKETS_DATA }}", cached);
        Assert.Contains("FREETICKETS_DATA", ((YamlMappingNode)WorkflowCommands.Get(workflow, "env")!).Children.Keys.Select(k => ((YamlScalarNode)k).Value));

        var uploaded = string.Join("\n", Uses(steps, "actions/upload-artifact").Select(s => ((YamlScalarNode)WorkflowCommands.Get(WorkflowCommands.Get(s, "with"), "path")!).Value));
        Assert.Contains("artifacts/leaderboard/${{ env.MATRIX }}", uploaded);
        Assert.Contains("report.md", uploaded);

        // The summary is the script's job, so no run: step needs more than the script.
        Assert.Contains("GITHUB_STEP_SUMMARY", Read(WorkflowCommands.Script));
    }

    [Fact]
    public void Should_pack_the_five_projects_at_the_tags_version_and_push_them_with_the_secret_When_reading_the_release_workflow()
    {
        var workflow = WorkflowCommands.Parse(Read(".github/workflows/release.yml"));

        var push = Assert.IsType<YamlMappingNode>(WorkflowCommands.Get(WorkflowCommands.Get(workflow, "on"), "push"));
        var tags = Assert.IsType<YamlSequenceNode>(WorkflowCommands.Get(push, "tags"));
        Assert.Equal(["v*"], tags.Children.Select(t => ((YamlScalarNode)t).Value));

        var steps = WorkflowCommands.Steps(workflow).ToList();
        var commands = steps.Select(s => WorkflowCommands.Get(s.Node, "run") as YamlScalarNode).OfType<YamlScalarNode>()
            .SelectMany(r => WorkflowCommands.Commands(r.Value!)).ToList();
        string[] projects = ["src/FreeTickets.Cli", "src/FreeTickets.Abstractions", "src/FreeTickets.Native", "src/FreeTickets.Testing", "templates/FreeTickets.Templates"];
        foreach (var project in projects)
        {
            Assert.Contains(commands, c => c.StartsWith($"dotnet pack {project} ", StringComparison.Ordinal)
                && c.Contains("-p:Version=\"${GITHUB_REF_NAME#v}\"", StringComparison.Ordinal)
                && c.Contains("-o artifacts/release", StringComparison.Ordinal));
        }

        var pushCommand = Assert.Single(commands, c => c.StartsWith("dotnet nuget push ", StringComparison.Ordinal));
        Assert.Contains("\"artifacts/release/*.nupkg\"", pushCommand);
        Assert.Contains("--api-key \"$NUGET_API_KEY\"", pushCommand);
        Assert.Contains("--skip-duplicate", pushCommand);
        var pushStep = Assert.Single(steps, s => (WorkflowCommands.Get(s.Node, "run") as YamlScalarNode)?.Value?.Contains("dotnet nuget push", StringComparison.Ordinal) == true);
        Assert.Equal("${{ secrets.NUGET_API_KEY }}", ((YamlScalarNode)WorkflowCommands.Get(WorkflowCommands.Get(pushStep.Node, "env"), "NUGET_API_KEY")!).Value);
    }

    [Fact]
    public void Should_call_the_script_and_keep_the_results_When_parsing_the_gitlab_job_of_the_docs()
    {
        var section = Regex.Match(_ciPage.ReplaceLineEndings("\n"), @"^## GitLab CI\n.*?^```yaml\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(section.Success, "docs/ci.md: no ```yaml block under '## GitLab CI'");

        var job = Assert.IsType<YamlMappingNode>(WorkflowCommands.Get(WorkflowCommands.Parse(section.Groups[1].Value), "leaderboard"));
        var script = Assert.IsType<YamlSequenceNode>(WorkflowCommands.Get(job, "script"));
        var lines = script.Children.Select(l => ((YamlScalarNode)l).Value!).ToList();
        Assert.Contains(lines, l => l.StartsWith(WorkflowCommands.Script + " ", StringComparison.Ordinal));
        var violations = lines.SelectMany(WorkflowCommands.Commands).Select(c => WorkflowCommands.Violation(c, _ciPage)).OfType<string>().ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        var artifacts = WorkflowCommands.Get(job, "artifacts");
        Assert.Equal("always", ((YamlScalarNode)WorkflowCommands.Get(artifacts, "when")!).Value);
        Assert.Contains("artifacts/leaderboard/", ((YamlSequenceNode)WorkflowCommands.Get(artifacts, "paths")!).Children.Select(p => ((YamlScalarNode)p).Value));
    }

    [Fact]
    public void Should_be_an_executable_bash_script_that_ci_calls_When_reading_the_shared_script()
    {
        var path = Path.Combine(RepoPaths.Root, WorkflowCommands.Script);
        var text = File.ReadAllText(path);

        Assert.StartsWith("#!/usr/bin/env bash\n", text, StringComparison.Ordinal);
        Assert.Contains("set -euo pipefail", text);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), WorkflowCommands.Script + " is not executable");
        }

        var ci = Read(".ci/run");
        Assert.Contains(WorkflowCommands.Script + " ci ", ci);
        Assert.Contains(WorkflowCommands.Script + " smoke ", ci);
    }

    [Fact]
    public void Should_name_job_step_and_command_When_a_run_step_does_something_else()
    {
        const string yaml = """
            on: { pull_request: {} }
            jobs:
              build:
                steps:
                  - uses: actions/checkout@v4
                  - name: fine
                    run: |
                      # a comment
                      eng/reproduce-leaderboard.sh smoke \
                        --shards 2
                      dotnet pack src/X -c Release
                  - name: not fine
                    run: |
                      curl -sSL https://example.com/install.sh | sh
                      dotnet workload install wasm-tools
                      eng/reproduce-leaderboard.shx smoke
            """;

        var violations = WorkflowCommands.RunViolations(WorkflowCommands.Parse(yaml), "`dotnet pack` and `dotnet nuget push`").ToList();

        Assert.Equal(
            [
                "build / not fine: 'curl -sSL https://example.com/install.sh | sh': neither eng/reproduce-leaderboard.sh nor a documented dotnet command",
                "build / not fine: 'dotnet workload install wasm-tools': dotnet workload is not documented",
                "build / not fine: 'eng/reproduce-leaderboard.shx smoke': neither eng/reproduce-leaderboard.sh nor a documented dotnet command",
            ],
            violations);
    }

    [Fact]
    public void Should_throw_with_the_line_When_a_workflow_is_not_yaml()
    {
        var ex = Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => WorkflowCommands.Parse("jobs:\n  build: fine\n    steps: not a mapping here\n"));

        Assert.True(ex.Start.Line >= 2, ex.Message);
    }

    private static IEnumerable<YamlMappingNode> Uses(IEnumerable<YamlMappingNode> steps, string action) =>
        steps.Where(s => (WorkflowCommands.Get(s, "uses") as YamlScalarNode)?.Value?.StartsWith(action + "@", StringComparison.Ordinal) == true);

    private static string Read(string relative) => File.ReadAllText(Path.Combine(RepoPaths.Root, relative));
}
