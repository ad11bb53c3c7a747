namespace FreeTickets.Core.Config;

/// <summary>
/// The entries of a config's <c>pluginPaths</c>: folders, relative to the config file's folder. A folder that is not there
/// is an error, not an empty folder: a typo would otherwise lose a plugin without a word.
/// </summary>
public static class PluginFolders
{
    /// <summary>Resolves one entry; returns what is wrong with it (a message without the field path), or null.</summary>
    /// <param name="entry">The entry as written.</param>
    /// <param name="configFolder">The folder of the config file.</param>
    /// <param name="fullPath">The absolute folder when the entry is valid.</param>
    public static string? Resolve(string entry, string configFolder, out string fullPath)
    {
        fullPath = "";
        if (string.IsNullOrWhiteSpace(entry))
        {
            return $"expected a folder (got {ConfigNames.Quote(entry)})";
        }

        try
        {
            fullPath = Path.GetFullPath(entry, configFolder);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"not a valid path (got {ConfigNames.Quote(entry)})";
        }

        return Directory.Exists(fullPath) ? null
            : File.Exists(fullPath) ? $"expected a folder, not a file (got {ConfigNames.Quote(entry)})"
            : $"folder does not exist (got {ConfigNames.Quote(entry)})";
    }
}
