using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using FreeTickets.Abstractions;

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
        // Inside the destination so the final moves are renames on one file system; the leading dot keeps it out of the way.
        var work = Path.Combine(folder, ".download-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(work);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{folder}: cannot create a download folder there ({ex.Message.Split('\n', 2)[0].Trim()})", ex);
        }

        try
        {
            var archivePath = Path.Combine(work, archive.FileName);
            reason = DownloadAsync(archive, archivePath, log).GetAwaiter().GetResult();
            if (reason is not null)
            {
                return false;
            }

            var extracted = Path.Combine(work, "extracted");
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
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless: the data files are in place, or the error is being reported.
            }
        }
    }

    /// <summary>Downloads and verifies the archive into <paramref name="path"/>; returns null, or why the archive could not be obtained.</summary>
    private async Task<string?> DownloadAsync(CifarArchive archive, string path, Action<string>? log)
    {
        using var timeout = new CancellationTokenSource(_downloadTimeout);
        using var client = new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            using var response = await client.GetAsync(archive.Uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return $"{archive.Uri} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }

            var total = response.Content.Headers.ContentLength;
            log?.Invoke($"{archive.DatasetName}: downloading {archive.Uri}{(total is { } t ? $" ({Megabytes(t)} MB)" : string.Empty)}");
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var buffer = new byte[1 << 16];
            long received = 0;
            var nextReport = 1;
            int n;
            while ((n = await body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
            {
                md5.AppendData(buffer, 0, n);
                sha256.AppendData(buffer, 0, n);
                await file.WriteAsync(buffer.AsMemory(0, n), timeout.Token).ConfigureAwait(false);
                received += n;
                // Every 10% when the size is known, else every 16 MB.
                var step = total is > 0 ? (int)(received * 10 / total.Value) : (int)(received >> 24);
                if (step >= nextReport)
                {
                    nextReport = step + 1;
                    log?.Invoke(total is > 0
                        ? $"{archive.DatasetName}: {step * 10}% ({Megabytes(received)} of {Megabytes(total.Value)} MB)"
                        : $"{archive.DatasetName}: {Megabytes(received)} MB");
                }
            }

            if (total is { } expected && received != expected)
            {
                return $"{archive.Uri}: the download stopped after {received} of {expected} bytes";
            }
        }
        catch (HttpRequestException ex)
        {
            return $"cannot reach {archive.Uri.Host} ({ex.Message.Split('\n', 2)[0].Trim()})";
        }
        catch (OperationCanceledException)
        {
            return $"{archive.Uri} did not arrive within {_downloadTimeout.TotalMinutes} minutes";
        }
        catch (IOException ex)
        {
            return $"the download of {archive.Uri} failed ({ex.Message.Split('\n', 2)[0].Trim()})";
        }

        var actualMd5 = Convert.ToHexStringLower(md5.GetHashAndReset());
        var actualSha256 = Convert.ToHexStringLower(sha256.GetHashAndReset());
        if (!string.Equals(actualMd5, archive.Md5, StringComparison.Ordinal))
        {
            throw new DatasetException(
                $"{archive.FileName} from {archive.Uri} has MD5 {actualMd5}, expected {archive.Md5} (SHA-256 {actualSha256}); refusing to use it");
        }

        log?.Invoke($"{archive.DatasetName}: {archive.FileName} verified: MD5 {actualMd5} as published; SHA-256 {actualSha256}");
        return null;
    }

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture);
}
