using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Shared;

/// <summary>
/// One fetch per dataset folder at a time, across processes (CI runs two shards side by side, each loading the same
/// datasets): an exclusive lock on <c>&lt;folder&gt;/.fetch.lock</c>. .NET takes it with <c>flock</c> on Unix and a
/// share-none open on Windows, so the system releases it when its holder exits, even when killed. Fetchers write every
/// file by temporary file + rename, so the lock only keeps the second process from downloading the same data again; it
/// is not what keeps files whole. The lock file stays (deleting it would let two processes lock two different files).
/// </summary>
internal sealed class FetchLock : IDisposable
{
    public const string FileName = ".fetch.lock";

    private static readonly TimeSpan _poll = TimeSpan.FromMilliseconds(250);

    private readonly FileStream _stream;

    private FetchLock(FileStream stream)
    {
        _stream = stream;
    }

    /// <summary>
    /// Creates <paramref name="folder"/> if needed and waits up to <paramref name="limit"/> for its lock, saying once
    /// through <paramref name="log"/> that another process holds it.
    /// </summary>
    public static FetchLock Acquire(string folder, string dataset, Action<string>? log, TimeSpan limit)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{folder}: cannot create the dataset folder ({VerifiedDownload.FirstLine(ex)})", ex);
        }

        var deadline = DateTime.UtcNow + limit;
        var told = false;
        while (true)
        {
            try
            {
                return new FetchLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || (ex is IOException && !IsHeldElsewhere(ex)))
            {
                throw new DatasetException($"{path}: cannot create the fetch lock ({VerifiedDownload.FirstLine(ex)})", ex);
            }
            catch (IOException ex)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new DatasetException(
                        $"{path}: another process has been fetching {dataset} for over {limit.TotalMinutes:0} minutes ({VerifiedDownload.FirstLine(ex)}); stop it or delete the partial files", ex);
                }

                if (!told)
                {
                    told = true;
                    log?.Invoke($"{dataset}: another process is fetching into {folder}; waiting for it");
                }

                Thread.Sleep(_poll);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    /// <summary>
    /// Whether the open failed because another handle holds the lock: EWOULDBLOCK from flock (11 on Linux, 35 on
    /// macOS), a sharing or lock violation on Windows. Any other error will not go away by waiting.
    /// </summary>
    private static bool IsHeldElsewhere(Exception ex) => ex.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);
}
