using System.Diagnostics.CodeAnalysis;
using FreeTickets.Plugins.Shared;

namespace FreeTickets.Plugins.Dataset.Mnist;

/// <summary>
/// Downloads the missing IDX files as <c>&lt;base&gt;/&lt;file&gt;.gz</c> from their canonical host, each into a
/// temporary folder inside the dataset folder, checks the SHA-256 of its uncompressed content and renames it into place
/// (kept compressed). Stops at the first file that cannot be had: later sources fetch what is still missing.
/// </summary>
/// <param name="handler">HTTP; tests pass an in-memory one.</param>
/// <param name="dataset">The dataset, the prefix of log lines.</param>
/// <param name="baseUri">The folder the files are published in (ends with <c>/</c>).</param>
/// <param name="sha256">SHA-256 of each file's uncompressed content, by base name.</param>
internal sealed class HttpIdxFetcher(HttpMessageHandler handler, string dataset, Uri baseUri, IReadOnlyDictionary<string, string> sha256) : IIdxFetcher
{
    private static readonly TimeSpan _downloadTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The real fetcher's HTTP: a plain handler with a short connect timeout.</summary>
    public static HttpMessageHandler DefaultHandler() => new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(20) };

    /// <inheritdoc />
    public string Source => baseUri.ToString();

    /// <inheritdoc />
    public bool TryFetch(string folder, IReadOnlyList<string> missing, Action<string>? log, [NotNullWhen(false)] out string? reason)
    {
        Directory.CreateDirectory(folder);
        using var work = new DownloadFolder(folder);
        foreach (var name in missing)
        {
            var fileName = name + ".gz";
            var uri = new Uri(baseUri, fileName);
            var temp = Path.Combine(work.Path, fileName);
            reason = VerifiedDownload.ToFileAsync(handler, uri, expectedMd5: null, temp, new(dataset, fileName, $"{dataset}: {fileName}"), _downloadTimeout, log)
                .GetAwaiter().GetResult();
            if (reason is not null)
            {
                return false;
            }

            ContentHash.Verify(temp, sha256[name], $"{fileName} from {uri}");
            File.Move(temp, Path.Combine(folder, fileName), overwrite: true);
            log?.Invoke($"{dataset}: {fileName} verified (SHA-256 of the uncompressed content)");
        }

        reason = null;
        return true;
    }
}
