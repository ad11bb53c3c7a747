using FreeTickets.Core;

namespace FreeTickets.Cli.Commands;

/// <summary>The config file a command reads: a missing one is an error that says how to name another.</summary>
internal static class ConfigFiles
{
    /// <summary>
    /// <paramref name="path"/> when it names a file or folder; otherwise the one-line error with the --config hint (the
    /// engine, which knows no command-line options, reports a missing file without it). Malformed paths are left to the
    /// loader, whose message for them is more precise.
    /// </summary>
    public static string Existing(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal) || File.Exists(path) || Directory.Exists(path))
        {
            return path;
        }

        try
        {
            _ = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;
        }

        throw new BadInputException($"{path}: config file not found (pass --config FILE or run from the folder holding benchmarks.json)");
    }
}
