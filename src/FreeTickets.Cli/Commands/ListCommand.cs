using FreeTickets.Core.Plugins;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary><c>list</c>: every plugin by kind, and every load error.</summary>
public sealed class ListCommand(IAnsiConsole console) : Command<PluginSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, PluginSettings settings, CancellationToken cancellationToken)
    {
        console.WriteLine(TorchBanner.Describe());
        var catalog = PluginRoots.Discover(settings);
        foreach (var kind in PluginKinds.All)
        {
            var table = new Table().Title($"[bold]{PluginKinds.Describe(kind)}[/]").Border(TableBorder.Simple)
                .AddColumn("name").AddColumn("description").AddColumn("assembly").AddColumn("version");
            foreach (var p in catalog.Plugins.Where(p => p.Kind == kind))
            {
                table.AddRow(Markup.Escape(p.Name), Markup.Escape(p.Description), Markup.Escape(p.AssemblyFile), Markup.Escape(p.Version));
            }

            console.Write(table);
        }

        if (catalog.Errors.Count == 0)
        {
            console.MarkupLine($"{catalog.Plugins.Count} plugins, no load errors.");
        }
        else
        {
            console.MarkupLine($"{catalog.Plugins.Count} plugins, [yellow]{catalog.Errors.Count} load error(s)[/] (cells using them will fail; other cells run):");
            foreach (var error in catalog.Errors)
            {
                console.MarkupLine($"  [yellow]{Markup.Escape(error.Source)}[/]: {Markup.Escape(error.Message)}");
            }
        }

        return ExitCodes.Ok;
    }
}
