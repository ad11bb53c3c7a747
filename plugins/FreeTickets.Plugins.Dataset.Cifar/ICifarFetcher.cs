using System.Diagnostics.CodeAnalysis;

namespace FreeTickets.Plugins.Dataset.Cifar;

/// <summary>Gets a CIFAR archive's files when they are missing (the seam that keeps unit tests off the network).</summary>
internal interface ICifarFetcher
{
    /// <summary>
    /// Downloads <paramref name="archive"/>, verifies it and extracts it so that
    /// <c><paramref name="folder"/>/<see cref="CifarArchive.FolderName"/>/</c> holds <paramref name="expectedFiles"/>.
    /// Returns false with a one-line <paramref name="reason"/>, having written nothing, when the archive cannot be
    /// obtained (no network, host unreachable, HTTP error); throws <see cref="Abstractions.DatasetException"/> when it
    /// arrived but is wrong (checksum mismatch, unsafe or incomplete archive).
    /// </summary>
    bool TryFetch(CifarArchive archive, string folder, IReadOnlyCollection<string> expectedFiles, Action<string>? log, [NotNullWhen(false)] out string? reason);
}
