using System.Diagnostics.CodeAnalysis;
using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Shared;

/// <summary>
/// Dataset files taken out of a Debian package without installing it: <c>apt-get download</c> into a temporary folder
/// inside the destination (no root rights: apt checks the .deb against the signed package lists it already has), then
/// <c>dpkg-deb -x</c> into a second one, a SHA-256 check of each wanted file's uncompressed content, and a rename into
/// place. Nothing is installed and nothing outside the destination is written; the temporary folder goes on success
/// and failure alike.
/// </summary>
internal static class DebianPackage
{
    private static readonly TimeSpan _downloadTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan _extractTimeout = TimeSpan.FromMinutes(5);

    /// <summary>How the source is named in messages.</summary>
    public static string Describe(string package) => $"apt-get download {package}";

    /// <summary>
    /// Puts <paramref name="files"/> from <paramref name="package"/> into <paramref name="destination"/>. Returns false
    /// with a one-line <paramref name="reason"/> when the package cannot be had here (no apt-get, unknown package, no
    /// network); throws <see cref="DatasetException"/> when it arrived but is wrong (a file missing or with another
    /// checksum), having put none of the files in place.
    /// </summary>
    public static bool TryFetch(
        IProcessRunner runner, string package, IReadOnlyCollection<PackagedFile> files, string destination, string dataset,
        Action<string>? log, [NotNullWhen(false)] out string? reason)
    {
        var apt = runner.Find("apt-get");
        var dpkg = runner.Find("dpkg-deb");
        if (apt is null || dpkg is null)
        {
            reason = $"{(apt is null ? "apt-get" : "dpkg-deb")} not found: not a Debian/Ubuntu system";
            return false;
        }

        Directory.CreateDirectory(destination);
        using var work = new DownloadFolder(destination);
        log?.Invoke($"{dataset}: fetching the Debian package {package} with apt-get download ...");
        var download = runner.Run(apt, ["download", "-q", package], work.Path, _downloadTimeout);
        if (!download.Succeeded)
        {
            var line = download.ErrorLine();
            reason = $"failed with exit code {download.ExitCode}: {line}" +
                (line.Contains("Unable to locate package", StringComparison.Ordinal) ? " (no package lists? run `sudo apt-get update`)" : string.Empty);
            return false;
        }

        var debs = Directory.GetFiles(work.Path, "*.deb");
        if (debs.Length != 1)
        {
            reason = $"wrote {debs.Length} .deb files in {work.Path}, expected 1";
            return false;
        }

        var deb = debs[0];
        var debName = Path.GetFileName(deb);
        var extracted = Path.Combine(work.Path, "x");
        var extract = runner.Run(dpkg, ["-x", deb, extracted], work.Path, _extractTimeout);
        if (!extract.Succeeded)
        {
            reason = $"dpkg-deb -x {debName} failed with exit code {extract.ExitCode}: {extract.ErrorLine()}";
            return false;
        }

        // Every file is checked before any is moved, so a bad package leaves the dataset folder as it was.
        foreach (var file in files)
        {
            var path = Path.Combine(extracted, file.PathInPackage);
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null)
            {
                throw new DatasetException($"{debName}: lacks the regular file /{file.PathInPackage}");
            }

            ContentHash.Verify(path, file.Sha256, $"{debName}: /{file.PathInPackage}");
        }

        foreach (var file in files)
        {
            File.Move(Path.Combine(extracted, file.PathInPackage), Path.Combine(destination, file.FileName), overwrite: true);
        }

        log?.Invoke($"{dataset}: {files.Count} file(s) from {debName} verified (SHA-256 of the uncompressed content) and written to {destination}");
        reason = null;
        return true;
    }
}
