using FreeTickets.Tests.Shared;
using Spectre.Console.Testing;

namespace FreeTickets.Cli.Tests;

/// <summary>Runs the CLI in-process with a recording console and a captured error writer.</summary>
internal static class CliHarness
{
    public static string RepoConfig => Path.Combine(RepoPaths.Root, "benchmarks.json");

    /// <summary>
    /// The tool's own plugins/ folder is copied next to the test binary by the Cli project reference; pointing --plugins at
    /// the same plugins again would make every name a duplicate. Only when it is absent are the built plugins passed.
    /// </summary>
    public static string[] PluginArgs =>
        Directory.Exists(Path.Combine(AppContext.BaseDirectory, "plugins")) ? [] : ["--plugins", RepoPaths.BuiltInPlugins];

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 250;
        using var error = new StringWriter();
        var code = await FreeTicketsApp.RunAsync(args, console, error);
        return new CliResult(code, console.Output, error.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Errors are exactly one line (no stack trace without --verbose).</summary>
    public string SingleErrorLine()
    {
        Assert.True(ErrorLines.Length == 1, $"expected one error line, got {ErrorLines.Length}:\n{Error}");
        return ErrorLines[0];
    }

    public override string ToString() => $"exit {ExitCode}\n--- output ---\n{Output}\n--- error ---\n{Error}";
}
