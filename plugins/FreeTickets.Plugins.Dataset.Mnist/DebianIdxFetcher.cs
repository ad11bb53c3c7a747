using System.Diagnostics.CodeAnalysis;
using FreeTickets.Plugins.Shared;

namespace FreeTickets.Plugins.Dataset.Mnist;

/// <summary>
/// Takes the missing IDX files (<c>&lt;file&gt;.gz</c>) out of a Debian package with <see cref="DebianPackage"/>:
/// <c>apt-get download</c> and <c>dpkg-deb -x</c> into a temporary folder, no root rights, nothing installed.
/// </summary>
/// <param name="runner">Finds and runs apt-get and dpkg-deb; tests pass a stand-in.</param>
/// <param name="dataset">The dataset, the prefix of log lines.</param>
/// <param name="package">The Debian package (e.g. <c>dataset-fashion-mnist</c>).</param>
/// <param name="folderInPackage">Where the package keeps the .gz files, relative to <c>/</c>.</param>
/// <param name="sha256">SHA-256 of each file's uncompressed content, by base name.</param>
internal sealed class DebianIdxFetcher(IProcessRunner runner, string dataset, string package, string folderInPackage, IReadOnlyDictionary<string, string> sha256) : IIdxFetcher
{
    /// <inheritdoc />
    public string Source => DebianPackage.Describe(package);

    /// <inheritdoc />
    public bool TryFetch(string folder, IReadOnlyList<string> missing, Action<string>? log, [NotNullWhen(false)] out string? reason) =>
        DebianPackage.TryFetch(
            runner, package, missing.Select(m => new PackagedFile($"{folderInPackage}/{m}.gz", sha256[m])).ToList(), folder, dataset, log, out reason);
}
