using FreeTickets.Core.Config;

namespace FreeTickets.Core.Results;

/// <summary>Checks on a results folder before anything is written into it.</summary>
public static class ResultsFolder
{
    /// <summary>The folder that holds every matrix's default results folder.</summary>
    public const string Root = "results";

    /// <summary>
    /// The default results folder of a matrix, <c>results/&lt;matrix&gt;</c> (relative to the working folder). The loader
    /// already refuses names that are not plain; this is the second guard: a folder that would not lie strictly inside
    /// <c>results/</c> is bad input, whatever the name.
    /// </summary>
    public static string DefaultFor(string matrix)
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

    /// <summary>Creates the folder and proves it is writable; otherwise bad input naming it.</summary>
    public static void EnsureWritable(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"{dir}: output folder is not writable ({ex.Message})", ex);
        }
    }
}
