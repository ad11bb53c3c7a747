using System.Diagnostics.CodeAnalysis;

namespace FreeTickets.Plugins.Dataset.Svhn;

/// <summary>Gets a missing SVHN file (the seam that keeps unit tests off the network).</summary>
internal interface ISvhnFetcher
{
    /// <summary>
    /// Downloads <paramref name="file"/>, verifies it and puts it at <c><paramref name="folder"/>/<see cref="SvhnFile.Name"/></c>.
    /// Returns false with a one-line <paramref name="reason"/>, having written nothing, when the file cannot be obtained
    /// (no network, host unreachable, HTTP error); throws <see cref="Abstractions.DatasetException"/> when it arrived but
    /// is wrong (checksum mismatch).
    /// </summary>
    bool TryFetch(SvhnFile file, string folder, Action<string>? log, [NotNullWhen(false)] out string? reason);
}
