using System.Text;
using FreeTickets.Core;
using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Commands;

/// <summary>
/// <c>schema</c>: the JSON Schema of benchmarks.json, for editors (reference it with <c>"$schema"</c>). It is built from the
/// same settings records and ranges the loader uses.
/// </summary>
public sealed class SchemaCommand(IAnsiConsole console) : Command<SchemaSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, SchemaSettings settings, CancellationToken cancellationToken)
    {
        var json = ConfigSchema.ToJson();
        if (settings.Out is null)
        {
            console.Profile.Out.Writer.Write(json);
            return ExitCodes.Ok;
        }

        try
        {
            AtomicFile.Write(settings.Out, stream => stream.Write(Encoding.UTF8.GetBytes(json)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"{settings.Out}: cannot write the schema ({ex.Message})", ex);
        }

        console.WriteLine($"wrote {settings.Out}");
        return ExitCodes.Ok;
    }
}
