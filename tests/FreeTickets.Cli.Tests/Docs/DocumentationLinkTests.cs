using System.Text.RegularExpressions;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Cli.Tests.Docs;

/// <summary>
/// The repository stands alone: every relative link of its Markdown files and every documentation path its code names
/// resolves inside it, and no file points at design notes kept elsewhere. The first tests check this repository; the
/// others show on a small made-up repository that the checks catch what they should.
/// </summary>
public sealed class DocumentationLinkTests : IDisposable
{
    private static readonly Lazy<RepositoryLinks> _repository = new(() => new RepositoryLinks(RepoPaths.Root, RepositoryFiles.List(RepoPaths.Root)));

    private readonly string _temp = Directory.CreateTempSubdirectory("freetickets-links-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Should_resolve_every_relative_link_and_anchor_When_reading_the_markdown_files()
    {
        Assert.Contains("README.md", _repository.Value.MarkdownFiles);
        Assert.Contains("docs/architecture.md", _repository.Value.MarkdownFiles);

        var broken = _repository.Value.BrokenMarkdownLinks().ToList();

        Assert.True(broken.Count == 0, "broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Should_resolve_every_docs_path_When_code_comments_name_one()
    {
        var broken = _repository.Value.BrokenDocPathsInCode().ToList();

        Assert.True(broken.Count == 0, "documentation paths that lead nowhere:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Should_name_no_design_notes_outside_the_repository()
    {
        var found = _repository.Value.OutsideReferences().ToList();

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void Should_reach_every_docs_page_When_following_links_from_the_readme()
    {
        var unreachable = _repository.Value.Unreachable("README.md", f => f.StartsWith("docs/", StringComparison.Ordinal)).ToList();

        Assert.True(unreachable.Count == 0, "not reachable from README.md: " + string.Join(", ", unreachable));
    }

    [Fact]
    public void Should_hold_the_two_commands_in_one_sh_block_When_reading_the_quick_start()
    {
        // CI reads the quick start's commands from the README, so its shape is part of the contract.
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).ReplaceLineEndings("\n");
        var section = Regex.Match(readme, @"^## Quick start\n(.*?)(?=^## )", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(section.Success, "README.md has no '## Quick start' section");

        var blocks = Regex.Matches(section.Groups[1].Value, @"^```(\w*)\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline);
        var block = Assert.Single(blocks);
        Assert.Equal("sh", block.Groups[1].Value);
        var commands = block.Groups[2].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => (l.Contains('#', StringComparison.Ordinal) ? l[..l.IndexOf('#', StringComparison.Ordinal)] : l).Trim());
        Assert.Equal(["dotnet run --project src/FreeTickets.Cli -c Release -- run", "dotnet test -c Release"], commands);
    }

    [Fact]
    public void Should_name_file_line_and_link_When_a_markdown_link_leads_nowhere()
    {
        Write("pages/guide.md", "# Guide\n\n## Two words\n\nSee [the other page](other.md#only-heading).\n");
        Write("pages/other.md", "# Only heading\n");
        Write("README.md", string.Join("\n",
            "# Title",
            "[ok](pages/guide.md#two-words) and ![ok](pages/other.md) and [folder](pages/) and [web](https://example.com/x.md)",
            "[missing file](pages/missing.md)",
            "[missing anchor](pages/guide.md#three-words)",
            "[outside](../elsewhere/notes.md)",
            "```sh",
            "[in a code block](nowhere.md)",
            "```",
            "`[in inline code](nowhere.md)` [own anchor](#title) [bad own anchor](#no-such-heading)",
            ""));

        var broken = Check().BrokenMarkdownLinks().ToList();

        Assert.Equal(
            [
                "README.md:3: (pages/missing.md) names pages/missing.md, which is not in the repository",
                "README.md:4: (pages/guide.md#three-words) names the anchor #three-words, which is no heading of pages/guide.md",
                "README.md:5: (../elsewhere/notes.md) leads outside the repository",
                "README.md:9: (#no-such-heading) names the anchor #no-such-heading, which is no heading of README.md",
            ],
            broken);
    }

    [Fact]
    public void Should_name_file_and_line_When_a_code_comment_names_a_missing_docs_page_or_anchor()
    {
        var docs = "docs" + "/"; // in pieces, so that this file names no missing page itself
        Write(docs + "page.md", "# Page\n\n## Metrics\n");
        Write("src/A.cs", $"/// <summary>Defined in {docs}page.md#metrics and {docs}page.md.</summary>\n// see {docs}gone.md\n// see {docs}page.md#flops\n");

        var broken = Check().BrokenDocPathsInCode().ToList();

        Assert.Equal(
            [
                $"src/A.cs:2: {docs}gone.md names {docs}gone.md, which is not in the repository",
                $"src/A.cs:3: {docs}page.md#flops names the anchor #flops, which is no heading of {docs}page.md",
            ],
            broken);
    }

    [Fact]
    public void Should_name_file_and_line_When_a_file_points_at_notes_outside_the_repository()
    {
        var name = "ARCHITECTURE" + ".md";
        Write("docs/architecture.md", "# Architecture\n");
        Write("src/B.cs", $"// fine: docs/architecture.md\n// see {name} section 6\n");

        var found = Check().OutsideReferences().ToList();

        Assert.Equal([$"src/B.cs:2: names {name}, which is not in the repository"], found);
    }

    [Fact]
    public void Should_list_a_page_no_link_reaches_When_following_links_from_the_readme()
    {
        Write("README.md", "[a](pages/a.md)\n");
        Write("pages/a.md", "[b](b.md#b)\n");
        Write("pages/b.md", "# B\n");
        Write("pages/orphan.md", "# Orphan\n");

        Assert.Equal(["pages/orphan.md"], Check().Unreachable("README.md", f => f.StartsWith("pages/", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Adding a regrowth rule with the template", "adding-a-regrowth-rule-with-the-template")]
    [InlineData("Datasets (`IDataset`)", "datasets-idataset")]
    [InlineData("What the `ablation-prune-regrow` leaderboard says", "what-the-ablation-prune-regrow-leaderboard-says")]
    [InlineData("Robustness sets (`robustness.csv` and the `ood_*` / `corruption_*` columns)", "robustness-sets-robustnesscsv-and-the-ood_--corruption_-columns")]
    [InlineData("Ctrl-C and SIGTERM", "ctrl-c-and-sigterm")]
    [InlineData("Layer densities (ERK)", "layer-densities-erk")]
    [InlineData("See [the docs](docs/cli.md) first", "see-the-docs-first")]
    public void Should_make_githubs_anchor_When_slugging_a_heading(string heading, string anchor) =>
        Assert.Equal(anchor, MarkdownText.Slug(heading));

    [Fact]
    public void Should_number_repeated_headings_and_skip_code_When_listing_anchors()
    {
        var anchors = MarkdownText.Anchors("# Run\n\n## Options\n\n```\n# not a heading\n```\n\n### Options\n\nSetext\n------\n");

        Assert.Equal(["options", "options-1", "run", "setext"], anchors.Order(StringComparer.Ordinal));
    }

    private RepositoryLinks Check() => new(_temp, RepositoryFiles.List(_temp));

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_temp, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
