using System.Diagnostics.CodeAnalysis;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Shared;

namespace FreeTickets.Plugins.Dataset.Svhn;

/// <summary>
/// Downloads an SVHN file over HTTP(S) into a temporary folder next to its destination, hashing it while it streams
/// (MD5, checked against the published value, and SHA-256, logged for the record), then renames it into place. Nothing
/// is left behind on failure. Plugins are loaded in isolation, so this mirrors the CIFAR plugin's fetcher rather than
/// sharing it.
/// </summary>
internal sealed class HttpSvhnFetcher : ISvhnFetcher
{
    private static readonly TimeSpan _connectTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan _downloadTimeout = TimeSpan.FromMinutes(30);

    private readonly HttpMessageHandler _handler;

    /// <summary>The real fetcher (a plain <see cref="SocketsHttpHandler"/>).</summary>
    public HttpSvhnFetcher()
        : this(new SocketsHttpHandler { ConnectTimeout = _connectTimeout })
    {
    }

    /// <summary>Tests pass a handler for a local server or an in-memory one.</summary>
    internal HttpSvhnFetcher(HttpMessageHandler handler)
    {
        _handler = handler;
    }

    /// <inheritdoc />
    public bool TryFetch(SvhnFile file, string folder, Action<string>? log, [NotNullWhen(false)] out string? reason)
    {
        // Inside the destination so the final move is a rename on one file system; the leading dot keeps it out of the way.
        var work = Path.Combine(folder, ".download-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(work);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{folder}: cannot create a download folder there ({VerifiedDownload.FirstLine(ex)})", ex);
        }

        try
        {
            var downloaded = Path.Combine(work, file.Name);
            reason = DownloadAsync(file, downloaded, log).GetAwaiter().GetResult();
            if (reason is not null)
            {
                return false;
            }

            var destination = Path.Combine(folder, file.Name);
            File.Move(downloaded, destination, overwrite: true);
            log?.Invoke($"{SvhnFormat.Name}: {destination} in place");
            return true;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless: the file is in place, or the error is being reported.
            }
        }
    }

    /// <summary>Downloads and verifies the file into <paramref name="path"/>; returns null, or why it could not be obtained.</summary>
    private Task<string?> DownloadAsync(SvhnFile file, string path, Action<string>? log) =>
        VerifiedDownload.ToFileAsync(_handler, file.Uri, file.Md5, path, new(SvhnFormat.Name, file.Name, $"{SvhnFormat.Name}: {file.Name}"), _downloadTimeout, log);
}
