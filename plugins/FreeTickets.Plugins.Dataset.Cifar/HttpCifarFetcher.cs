using System.Diagnostics.CodeAnalysis;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Shared;

namespace FreeTickets.Plugins.Dataset.Cifar;

/// <summary>
/// Downloads a CIFAR archive over HTTP(S) into a temporary folder next to its destination, hashing it while it streams
/// (MD5, checked against the value the host publishes, and SHA-256, logged for the record), then extracts it safely
/// into a second temporary folder and moves the data files into place. Nothing is left behind on failure.
/// </summary>
internal sealed class HttpCifarFetcher : ICifarFetcher
{
    private static readonly TimeSpan _connectTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan _downloadTimeout = TimeSpan.FromMinutes(30);

    private readonly HttpMessageHandler _handler;

    /// <summary>The real fetcher (a plain <see cref="SocketsHttpHandler"/>).</summary>
    public HttpCifarFetcher()
        : this(new SocketsHttpHandler { ConnectTimeout = _connectTimeout })
    {
    }

    /// <summary>Tests pass a handler for a local server or an in-memory one.</summary>
    internal HttpCifarFetcher(HttpMessageHandler handler)
    {
        _handler = handler;
    }

    /// <inheritdoc />
    public bool TryFetch(CifarArchive archive, string folder, IReadOnlyCollection<string> expectedFiles, Action<string>? log, [NotNullWhen(false)] out string? reason)
    {
        using var work = new DownloadFolder(folder);
        var archivePath = Path.Combine(work.Path, archive.FileName);
        reason = DownloadAsync(archive, archivePath, log).GetAwaiter().GetResult();
        if (reason is not null)
        {
            return false;
        }

        var extracted = Path.Combine(work.Path, "extracted");
        log?.Invoke($"{archive.DatasetName}: extracting {archive.FileName}");
        using (var stream = File.OpenRead(archivePath))
        {
            SafeTarExtractor.Extract(stream, extracted, archive.FileName);
        }

        var source = Path.Combine(extracted, archive.FolderName);
        var missing = expectedFiles.Where(f => !File.Exists(Path.Combine(source, f))).ToList();
        if (missing.Count > 0)
        {
            throw new DatasetException(
                $"{archive.FileName}: archive lacks {string.Join(", ", missing.Select(m => archive.FolderName + "/" + m))}");
        }

        var destination = Path.Combine(folder, archive.FolderName);
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Move(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
        }

        log?.Invoke($"{archive.DatasetName}: {expectedFiles.Count} data files in {destination}");
        return true;
    }

    /// <summary>Downloads and verifies the archive into <paramref name="path"/>; returns null, or why the archive could not be obtained.</summary>
    private Task<string?> DownloadAsync(CifarArchive archive, string path, Action<string>? log) =>
        VerifiedDownload.ToFileAsync(_handler, archive.Uri, archive.Md5, path, new(archive.DatasetName, archive.FileName, $"{archive.DatasetName}:"), _downloadTimeout, log);
}
