using System.Text.RegularExpressions;
using FreeTickets.Cli.Commands;
using FreeTickets.Core;
using FreeTickets.Core.Plugins;
using FreeTickets.Native;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FreeTickets.Cli;

/// <summary>Builds the command tree and maps failures to one-line errors and exit codes.</summary>
public static class FreeTicketsApp
{
    /// <summary>Runs the CLI against <paramref name="console"/> (tests pass a recording console).</summary>
    /// <param name="args">Command line.</param>
    /// <param name="console">Where normal output goes.</param>
    /// <param name="error">Where one-line errors go (standard error when null).</param>
    /// <param name="interruption">Ctrl-C state (a fresh, never-signalled one when null); its second stage cancels commands.</param>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter? error = null, Interruption? interruption = null)
    {
        var verbose = args.Contains("--verbose");
        if (verbose)
        {
            // libtorch's own warnings are hidden unless asked for (see NativeWarnings).
            NativeWarnings.Show();
        }

        using var own = interruption is null ? new Interruption() : null;
        interruption ??= own!;
        var registrar = new ConsoleRegistrar(console);
        registrar.RegisterInstance(typeof(Interruption), interruption);
        var app = new CommandApp(registrar);
        app.Configure(config =>
        {
            config.SetApplicationName("dotnet freetickets-bench");
            config.SetApplicationVersion(ToolInfo.Version);
            config.ConfigureConsole(console);
            config.PropagateExceptions();

            // An unknown option (a typo such as --thread) is an error, never silently ignored.
            config.UseStrictParsing();
            config.AddCommand<RunCommand>("run")
                .WithDescription("Train every cell of a matrix and write its leaderboards (resumes by default).")
                .WithExample("run").WithExample("run", "--matrix", "tour", "--threads", "2")
                .WithExample("run", "--matrix", "ci", "--shard", "1/4", "--out", "results/ci/shard-1");
            config.AddCommand<ListCommand>("list")
                .WithDescription("List plugins by kind (name, assembly, version) and every plugin load error.")
                .WithExample("list", "--plugins", "./my-plugins");
            config.AddCommand<ValidateCommand>("validate")
                .WithDescription("Check a config file and report every error at once.");
            config.AddCommand<FlopsCommand>("flops")
                .WithDescription("Print training/inference FLOPs and parameter counts of a matrix without training.");
            config.AddCommand<CheckCommand>("check")
                .WithDescription("Compare a fresh leaderboard with the committed one; exit 1 on drift.");
            config.AddCommand<MergeCommand>("merge")
                .WithDescription("Union the cell records of shard folders and rebuild the leaderboards.")
                .WithExample("merge", "results/ci/shard-0", "results/ci/shard-1", "--out", "results/ci");
            config.AddCommand<SchemaCommand>("schema")
                .WithDescription("Print the JSON Schema of benchmarks.json (editors complete and check the file with it).")
                .WithExample("schema", "--out", "benchmarks.schema.json");
            config.AddCommand<EvaluateCommand>("evaluate")
                .WithDescription("Evaluate a saved cell (run --save-models) on its test set, another dataset, OoD sets and corruptions, without training.")
                .WithExample("evaluate", "results/ci/models/edst-ensemble_mlp-300-100_mnist_s0.9_seed1", "--ood", "fashion-mnist");
            config.AddCommand<ReportCommand>("report")
                .WithDescription("Write charts and a Markdown report for a results folder.");
        });

        try
        {
            return await app.RunAsync(args, interruption.Now).ConfigureAwait(false);
        }
        catch (Exception ex) when (Classify(ex) is { } code)
        {
            WriteError(error ?? Console.Error, ex, verbose, args);
            return code;
        }
    }

    /// <summary>Exit code for an exception the user can act on, or null for a bug (which is rethrown).</summary>
    private static int? Classify(Exception ex) => ex switch
    {
        BadInputException or PluginResolutionException or CommandParseException or CommandRuntimeException => ExitCodes.BadInput,
        CheckFailedException => ExitCodes.CheckFailed,
        OperationCanceledException => ExitCodes.Interrupted,
        _ => ExitCodes.CheckFailed,
    };

    private static void WriteError(TextWriter error, Exception ex, bool verbose, string[] args)
    {
        var prefix = ex is OperationCanceledException ? "stopped: "
            : Classify(ex) == ExitCodes.CheckFailed && ex is not CheckFailedException ? "internal error: " : "error: ";
        error.WriteLine(prefix + (OptionValueMessage(ex, args) ?? SettingOptions.MessageOf(ex)).ReplaceLineEndings(" ").Trim());
        if (verbose)
        {
            error.WriteLine(ex.ToString());
        }
    }

    /// <summary>
    /// Spectre reports an option value it cannot convert as "Failed to convert 'abc' to Nullable`1", naming neither the
    /// option nor what it expects: find the option that was given that value and say both.
    /// </summary>
    private static string? OptionValueMessage(Exception ex, string[] args)
    {
        if (ex is not CommandRuntimeException { InnerException: { } inner }
            || Regex.Match(ex.Message, "^Failed to convert '(.*)' to ") is not { Success: true } match)
        {
            return null;
        }

        var value = match.Groups[1].Value;
        var option = Enumerable.Range(0, args.Length - 1)
            .Where(i => args[i].StartsWith('-') && args[i + 1] == value).Select(i => args[i]).FirstOrDefault()
            ?? args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2 && p[0].StartsWith('-') && p[1] == value).Select(p => p[0]).FirstOrDefault();
        var whole = inner.Message.Contains("Int32", StringComparison.Ordinal) || inner.Message.Contains("Int64", StringComparison.Ordinal);
        var expected = whole ? "a whole number" : "a valid value";
        return option is null ? $"expected {expected} (got '{value}')" : $"{option}: expected {expected} (got '{value}')";
    }
}
