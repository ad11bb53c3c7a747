using System.Diagnostics.CodeAnalysis;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Shared;

namespace FreeTickets.Plugins.Dataset.Svhn;

/// <summary>
/// Downloads an SVHN file over HTTP(S) into a temporary folder next to its destination, hashing it while it streams
/// (MD5, checked against the published value, and SHA-256, logged for the record), then renames it into place. Nothing
/// is left behind on failure. The download itself is <see cref="VerifiedDownload"/>, shared with the CIFAR plugin as
/// source (plugins load in isolation and share no assembly besides the contract).
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
        using var work = new DownloadFolder(folder);
        var downloaded = Path.Combine(work.Path, file.Name);
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

    /// <summary>Downloads and verifies the file into <paramref name="path"/>; returns null, or why it could not be obtained.</summary>
    private Task<string?> DownloadAsync(SvhnFile file, string path, Action<string>? log) =>
        VerifiedDownload.ToFileAsync(_handler, file.Uri, file.Md5, path, new(SvhnFormat.Name, file.Name, $"{SvhnFormat.Name}: {file.Name}"), _downloadTimeout, log);
}
