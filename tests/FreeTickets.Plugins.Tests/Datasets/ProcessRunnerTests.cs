using FreeTickets.Plugins.Shared;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>The real process runner and how a failed program's stderr becomes one line of an error.</summary>
public sealed class ProcessRunnerTests
{
    [Fact]
    public void Should_return_the_exit_code_and_stderr_and_find_programs_on_path()
    {
        var runner = new SystemProcessRunner();
        var sh = runner.Find("sh");
        Assert.NotNull(sh);
        Assert.Null(runner.Find("no-such-program-freetickets"));

        var outcome = runner.Run(sh, ["-c", "echo progress; echo 'E: first' >&2; echo 'E: second' >&2; exit 3"], Path.GetTempPath(), TimeSpan.FromMinutes(1));

        Assert.Equal(3, outcome.ExitCode);
        Assert.False(outcome.Succeeded);
        Assert.Equal("E: first", outcome.ErrorLine());
    }

    [Fact]
    public void Should_kill_a_program_that_runs_too_long()
    {
        var runner = new SystemProcessRunner();

        var outcome = runner.Run(runner.Find("sleep")!, ["30"], Path.GetTempPath(), TimeSpan.FromMilliseconds(200));

        Assert.Equal(-1, outcome.ExitCode);
        Assert.Equal("did not finish within 0.2 s", outcome.ErrorLine());
    }

    [Theory]
    [InlineData("W: Download is performed unsandboxed\nE: Unable to locate package x\nE: second\n", "E: Unable to locate package x")]
    [InlineData("npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/x\nnpm error A complete log of this run can be found in: /l\n", "npm error 404 Not Found - GET https://registry.npmjs.org/x")]
    [InlineData("dpkg-deb: error: not a Debian format archive\n\n", "dpkg-deb: error: not a Debian format archive")]
    [InlineData("", "no output")]
    public void Should_pick_the_line_that_says_what_went_wrong(string stderr, string expected) =>
        Assert.Equal(expected, new ProcessOutcome(1, stderr).ErrorLine());
}
