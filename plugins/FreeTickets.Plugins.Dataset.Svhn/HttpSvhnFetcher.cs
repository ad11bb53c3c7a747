using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using FreeTickets.Abstractions;

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
            throw new DatasetException($"{folder}: cannot create a download folder there ({FirstLine(ex)})", ex);
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
    private async Task<string?> DownloadAsync(SvhnFile file, string path, Action<string>? log)
    {
        using var timeout = new CancellationTokenSource(_downloadTimeout);
        using var client = new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            using var response = await client.GetAsync(file.Uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return $"{file.Uri} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }

            var total = response.Content.Headers.ContentLength;
            log?.Invoke($"{SvhnFormat.Name}: downloading {file.Uri}{(total is { } t ? $" ({Megabytes(t)} MB)" : string.Empty)}");
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var buffer = new byte[1 << 16];
            long received = 0;
            var nextReport = 1;
            int n;
            while ((n = await body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
            {
                md5.AppendData(buffer, 0, n);
                sha256.AppendData(buffer, 0, n);
                await output.WriteAsync(buffer.AsMemory(0, n), timeout.Token).ConfigureAwait(false);
                received += n;
                // Every 10% when the size is known, else every 16 MB.
                var step = total is > 0 ? (int)(received * 10 / total.Value) : (int)(received >> 24);
                if (step >= nextReport)
                {
                    nextReport = step + 1;
                    log?.Invoke(total is > 0
                        ? $"{SvhnFormat.Name}: {file.Name} {step * 10}% ({Megabytes(received)} of {Megabytes(total.Value)} MB)"
                        : $"{SvhnFormat.Name}: {file.Name} {Megabytes(received)} MB");
                }
            }

            if (total is { } expected && received != expected)
            {
                return $"{file.Uri}: the download stopped after {received} of {expected} bytes";
            }
        }
        catch (HttpRequestException ex)
        {
            return $"cannot reach {file.Uri.Host} ({FirstLine(ex)})";
        }
        catch (OperationCanceledException)
        {
            return $"{file.Uri} did not arrive within {_downloadTimeout.TotalMinutes} minutes";
        }
        catch (IOException ex)
        {
            return $"the download of {file.Uri} failed ({FirstLine(ex)})";
        }

        var actualMd5 = Convert.ToHexStringLower(md5.GetHashAndReset());
        var actualSha256 = Convert.ToHexStringLower(sha256.GetHashAndReset());
        if (!string.Equals(actualMd5, file.Md5, StringComparison.Ordinal))
        {
            throw new DatasetException(
                $"{file.Name} from {file.Uri} has MD5 {actualMd5}, expected {file.Md5} (SHA-256 {actualSha256}); refusing to use it");
        }

        log?.Invoke($"{SvhnFormat.Name}: {file.Name} verified: MD5 {actualMd5} as published; SHA-256 {actualSha256}");
        return null;
    }

    private static string FirstLine(Exception ex) => ex.Message.Split('\n', 2)[0].Trim();

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture);
}
