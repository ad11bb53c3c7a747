using System.Globalization;
using System.Security.Cryptography;
using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Shared;

/// <summary>
/// One file over HTTP(S) into a path, hashed while it streams: MD5 checked against the value the host publishes
/// (when the caller has one; otherwise the caller checks the content), SHA-256 logged for the record; progress every
/// 10% (or every 16 MB when the size is unknown). Compiled into each dataset plugin that downloads (plugins load in
/// isolation and share no assembly besides the contract).
/// </summary>
internal static class VerifiedDownload
{
    /// <summary>What the caller names in messages.</summary>
    /// <param name="Dataset">Dataset plugin name, the prefix of every log line.</param>
    /// <param name="FileName">The file's name as published.</param>
    /// <param name="ProgressLabel">Prefix of progress lines (e.g. <c>cifar10:</c> or <c>svhn: test_32x32.mat</c>).</param>
    internal sealed record Names(string Dataset, string FileName, string ProgressLabel);

    /// <summary>
    /// Downloads <paramref name="uri"/> into <paramref name="path"/> (which must not exist); returns null, or why the file
    /// could not be obtained (host unreachable, HTTP error, truncated, too slow). A file whose MD5 differs from
    /// <paramref name="expectedMd5"/> is a <see cref="DatasetException"/>: the host answered, with the wrong bytes.
    /// With no <paramref name="expectedMd5"/> the caller must check the file.
    /// </summary>
    public static async Task<string?> ToFileAsync(
        HttpMessageHandler handler, Uri uri, string? expectedMd5, string path, Names names, TimeSpan limit, Action<string>? log)
    {
        using var timeout = new CancellationTokenSource(limit);
        using var client = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return $"{uri} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }

            var total = response.Content.Headers.ContentLength;
            log?.Invoke($"{names.Dataset}: downloading {uri}{(total is { } t ? $" ({Megabytes(t)} MB)" : string.Empty)}");
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
                var step = total is > 0 ? (int)(received * 10 / total.Value) : (int)(received >> 24);
                if (step >= nextReport)
                {
                    nextReport = step + 1;
                    log?.Invoke(total is > 0
                        ? $"{names.ProgressLabel} {step * 10}% ({Megabytes(received)} of {Megabytes(total.Value)} MB)"
                        : $"{names.ProgressLabel} {Megabytes(received)} MB");
                }
            }

            if (total is { } expected && received != expected)
            {
                return $"{uri}: the download stopped after {received} of {expected} bytes";
            }
        }
        catch (HttpRequestException ex)
        {
            return $"cannot reach {uri.Host} ({FirstLine(ex)})";
        }
        catch (OperationCanceledException)
        {
            return $"{uri} did not arrive within {limit.TotalMinutes} minutes";
        }
        catch (IOException ex)
        {
            return $"the download of {uri} failed ({FirstLine(ex)})";
        }

        var actualMd5 = Convert.ToHexStringLower(md5.GetHashAndReset());
        var actualSha256 = Convert.ToHexStringLower(sha256.GetHashAndReset());
        if (expectedMd5 is null)
        {
            log?.Invoke($"{names.Dataset}: {names.FileName} downloaded; SHA-256 {actualSha256}");
            return null;
        }

        if (!string.Equals(actualMd5, expectedMd5, StringComparison.Ordinal))
        {
            throw new DatasetException(
                $"{names.FileName} from {uri} has MD5 {actualMd5}, expected {expectedMd5} (SHA-256 {actualSha256}); refusing to use it");
        }

        log?.Invoke($"{names.Dataset}: {names.FileName} verified: MD5 {actualMd5} as published; SHA-256 {actualSha256}");
        return null;
    }

    /// <summary>The first line of an exception's message.</summary>
    public static string FirstLine(Exception ex) => ex.Message.Split('\n', 2)[0].Trim();

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture);
}

/// <summary>
/// A temporary folder for a download, inside its destination so the final moves are renames on one file system (the
/// leading dot keeps it out of the way); deleted on dispose, so nothing is left behind on failure.
/// </summary>
internal sealed class DownloadFolder : IDisposable
{
    /// <summary>Creates <c>.download-&lt;guid&gt;</c> in <paramref name="destination"/>, or throws a one-line <see cref="DatasetException"/>.</summary>
    public DownloadFolder(string destination)
    {
        Path = System.IO.Path.Combine(destination, ".download-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{destination}: cannot create a download folder there ({VerifiedDownload.FirstLine(ex)})", ex);
        }
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless: the files are in place, or the error is being reported.
        }
    }
}
