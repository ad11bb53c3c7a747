using System.Formats.Tar;
using System.IO.Compression;
using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Cifar;

/// <summary>
/// Extracts a .tar.gz into a folder without ever writing outside it. An entry with an absolute path, a <c>..</c>
/// segment, or a symbolic or hard link whose target lies outside the folder rejects the whole archive. Links inside the
/// folder are not created (the CIFAR archives have none, and a link that is never created cannot be written through);
/// devices, FIFOs and metadata entries are skipped. Only directories and regular files are written.
/// </summary>
internal static class SafeTarExtractor
{
    /// <summary>Extracts <paramref name="tgz"/> into <paramref name="destination"/>; <paramref name="source"/> names the archive in messages.</summary>
    public static void Extract(Stream tgz, string destination, string source)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination)) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(root);
        try
        {
            using var gz = new GZipStream(tgz, CompressionMode.Decompress, leaveOpen: true);
            using var tar = new TarReader(gz);
            while (tar.GetNextEntry() is { } entry)
            {
                var path = Resolve(root, entry.Name, entry.Name, source, "path");
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(path);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
                        {
                            entry.DataStream?.CopyTo(file);
                        }

                        break;
                    case TarEntryType.SymbolicLink:
                        // A symbolic link's target is relative to the link's own folder.
                        var linkFolder = Path.GetDirectoryName(entry.Name.Replace('\\', '/').TrimEnd('/')) ?? string.Empty;
                        Resolve(root, Path.Combine(linkFolder, entry.LinkName), entry.Name, source, "symbolic link target '" + entry.LinkName + "'");
                        break;
                    case TarEntryType.HardLink:
                        // A hard link's target is relative to the archive's root.
                        Resolve(root, entry.LinkName, entry.Name, source, "hard link target '" + entry.LinkName + "'");
                        break;
                    default:
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DatasetException($"{source}: not a valid .tar.gz ({ex.Message.Split('\n', 2)[0].Trim()})", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{source}: cannot extract into {root} ({ex.Message.Split('\n', 2)[0].Trim()})", ex);
        }
    }

    /// <summary>The full path of <paramref name="relative"/> under <paramref name="root"/>; throws when it is absolute or escapes.</summary>
    private static string Resolve(string root, string relative, string entryName, string source, string what)
    {
        var name = relative.Replace('\\', '/');
        string? why = null;
        if (name.Length == 0)
        {
            why = "is empty";
        }
        else if (name.StartsWith('/') || Path.IsPathRooted(relative) || (name.Length > 1 && name[1] == ':'))
        {
            why = "is absolute";
        }
        else if (name.Split('/').Contains(".."))
        {
            why = "has a '..' segment";
        }

        if (why is null)
        {
            try
            {
                var full = Path.GetFullPath(Path.Combine(root, name));
                if (full.StartsWith(root, StringComparison.Ordinal) || full + Path.DirectorySeparatorChar == root)
                {
                    return full;
                }

                why = "leads outside the target folder";
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                why = "is invalid";
            }
        }

        throw new DatasetException($"{source}: unsafe archive entry '{entryName}' ({what} {why}); refusing to extract");
    }
}
