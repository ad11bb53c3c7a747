namespace FreeTickets.Core.Results;

/// <summary>
/// Writes files so that readers see either the old content or the complete new one, never a torn file. A failed write
/// (a full disk, a folder that became read-only) leaves no temporary file behind and is reported as bad input naming
/// the file; the callbacks only write, so every <see cref="IOException"/> here is about the output.
/// </summary>
public static class AtomicFile
{
    /// <summary>Opens a new temporary file for writing. Tests substitute a stream that fails like a full disk.</summary>
    internal static Func<string, FileStream> CreateTemp { get; set; } =
        temp => new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);

    /// <summary>
    /// Deletes the temporary files in <paramref name="dir"/> that a killed writer left behind (SIGKILL in the middle of a
    /// write): those whose process id is no longer running. A live writer's file (another shard sharing the folder) stays.
    /// </summary>
    public static void DeleteAbandoned(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return;
        }

        foreach (var temp in Directory.EnumerateFiles(dir, ".*.tmp"))
        {
            var parts = Path.GetFileName(temp).Split('.');
            if (parts.Length >= 4 && int.TryParse(parts[^3], out var pid) && !IsRunning(pid))
            {
                DeleteQuietly(temp);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Writes through a temporary sibling, flushes it to disk, then renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write) => WriteAll([(path, write)]);

    /// <summary>
    /// Writes several files as one step: every temporary file is written and flushed before any is renamed over its
    /// target, so a write that fails (a full disk) replaces none of them and the files stay consistent with each other.
    /// </summary>
    /// <exception cref="BadInputException">A file could not be written; the message names it.</exception>
    public static void WriteAll(IReadOnlyList<(string Path, Action<Stream> Write)> files)
    {
        var temps = new List<(string Temp, string Path)>();
        var current = files.Count > 0 ? files[0].Path : "";
        var renaming = false;
        try
        {
            foreach (var (path, write) in files)
            {
                current = path;
                var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
                Directory.CreateDirectory(dir);
                var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
                temps.Add((temp, path));
                using var stream = CreateTemp(temp);
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            renaming = true;
            foreach (var (temp, path) in temps)
            {
                current = path;
                File.Move(temp, path, overwrite: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var kept = renaming ? "it keeps its previous content" : files.Count > 1 ? "none of the files was replaced" : "its previous content is kept";
            throw new BadInputException($"{current}: could not write the file ({ex.Message.ReplaceLineEndings(" ")}); {kept}", ex);
        }
        finally
        {
            foreach (var (temp, _) in temps)
            {
                DeleteQuietly(temp);
            }
        }
    }

    private static void DeleteQuietly(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The original error matters more; a leftover dot-file is ignored by every reader (they list *.json, *.csv).
        }
    }
}
