using System.ComponentModel;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary>Options of commands that load plugins.</summary>
public class PluginSettings : CommonSettings
{
    /// <summary>Extra plugin folders.</summary>
    [CommandOption("--plugins <DIR>")]
    [Description("Extra plugin folder (repeatable): a folder of plugin folders (X/X.dll) or a plugin's build output. Plugins run with full trust.")]
    public string[] Plugins { get; init; } = [];
}
