using System.ComponentModel;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary>Options every command takes.</summary>
public class CommonSettings : CommandSettings
{
    /// <summary>Print stack traces with errors.</summary>
    [CommandOption("--verbose")]
    [Description("Print stack traces with errors and more detail while running.")]
    public bool Verbose { get; init; }

    /// <summary>The config file.</summary>
    [CommandOption("--config <FILE>")]
    [Description("Benchmark config file. Default: ./benchmarks.json")]
    public string? Config { get; init; }

    /// <summary>The config path to use: the option, else ./benchmarks.json.</summary>
    public string ConfigPath => Config ?? "benchmarks.json";
}
