using FreeTickets.Abstractions;
using FreeTickets.Plugins.Shared;

namespace FreeTickets.Plugins.Dataset.Mnist;

/// <summary>
/// Finds the folder that holds an IDX dataset's four files, trying in order: <c>&lt;data root&gt;/&lt;name&gt;/</c>,
/// then read-only system folders (Debian's <c>/usr/share/datasets/...</c>), then each fetcher in turn, writing into the
/// data root under a <see cref="FetchLock"/> (a second process waits and then finds the files). When every source
/// fails, one line says what is missing where, what was tried and why each failed, and how to get the files by hand.
/// </summary>
/// <param name="name">The dataset, its folder under the data root and the prefix of messages.</param>
/// <param name="systemFolders">Folders read in place when complete, after the data root.</param>
/// <param name="fetchers">Sources tried in order when no folder is complete.</param>
/// <param name="help">The closing sentence of the error: how to get the files by hand.</param>
internal sealed class IdxLocator(string name, IReadOnlyList<string> systemFolders, IReadOnlyList<IIdxFetcher> fetchers, string help)
{
    private static readonly TimeSpan _lockLimit = TimeSpan.FromMinutes(60);

    /// <summary>The folder to load from, fetching into the data root when needed.</summary>
    public string Locate(string dataRoot, Action<string>? log)
    {
        var folder = Path.Combine(dataRoot, name);
        if (IdxImageSet.IsComplete(folder))
        {
            return folder;
        }

        var tried = new List<string>();
        foreach (var system in systemFolders)
        {
            if (IdxImageSet.IsComplete(system))
            {
                return system;
            }

            tried.Add($"{system} ({(Directory.Exists(system) ? "incomplete" : "not there")})");
        }

        if (fetchers.Count > 0)
        {
            using var fetchLock = FetchLock.Acquire(folder, name, log, _lockLimit);
            foreach (var fetcher in fetchers)
            {
                // Checked again before each source: another process may have fetched while this one waited for the lock.
                var missing = IdxImageSet.Missing(folder);
                if (missing.Count == 0)
                {
                    return folder;
                }

                var reason = TryOne(fetcher, folder, missing, log);
                if (reason is null)
                {
                    return folder;
                }

                log?.Invoke($"{name}: {fetcher.Source}: {reason}");
                tried.Add($"{fetcher.Source} ({reason})");
            }

            if (IdxImageSet.IsComplete(folder))
            {
                return folder;
            }
        }

        throw new DatasetException(
            $"{name}: missing {string.Join(", ", IdxImageSet.Missing(folder))} in {folder}" +
            (tried.Count > 0 ? $": tried {string.Join(", then ", tried)}; " : ": ") + help);
    }

    /// <summary>Null when the fetcher completed the folder; otherwise why not, in one line.</summary>
    private static string? TryOne(IIdxFetcher fetcher, string folder, IReadOnlyList<string> missing, Action<string>? log)
    {
        try
        {
            if (!fetcher.TryFetch(folder, missing, log, out var reason))
            {
                return reason;
            }

            var still = IdxImageSet.Missing(folder);
            return still.Count == 0 ? null : $"still missing {string.Join(", ", still)} after it";
        }
        catch (Exception ex) when (ex is DatasetException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // A source that answered with wrong bytes (or hit a disk error) is one failed source; the next may still work.
            return VerifiedDownload.FirstLine(ex);
        }
    }
}
