using FreeTickets.Core;
using FreeTickets.Core.Config;

namespace FreeTickets.Cli.Commands;

/// <summary>Where <c>run</c> writes and <c>check</c> compares against when no folder is given: <c>results/&lt;matrix&gt;</c>.</summary>
internal static class DefaultResultsFolder
{
    /// <summary>The folder that holds every matrix's default results folder.</summary>
    public const string Root = "results";

    /// <summary>
    /// The default results folder of a matrix, <c>results/&lt;matrix&gt;</c> (relative to the working folder). The loader
    /// already refuses names that are not plain; this is the second guard: a folder that would not lie strictly inside
    /// <c>results/</c> is bad input, whatever the name.
    /// </summary>
    public static string For(string matrix)
    {
        var dir = Path.Combine(Root, matrix);
        var root = Path.GetFullPath(Root);
        string full;
        try
        {
            full = Path.GetFullPath(dir);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            full = "";
        }

        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BadInputException(
                $"{ConfigNames.Escape(dir)}: the default output folder must lie inside {Root}/ (got matrix {ConfigNames.Quote(matrix)}); pass --out DIR to write elsewhere");
        }

        return dir;
    }
}
