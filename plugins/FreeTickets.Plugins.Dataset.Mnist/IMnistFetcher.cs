namespace FreeTickets.Plugins.Dataset.Mnist;

/// <summary>Gets the four MNIST files when they are missing (the seam that keeps unit tests off the network).</summary>
internal interface IMnistFetcher
{
    /// <summary>
    /// Writes the four uncompressed MNIST files into <paramref name="folder"/>, verified. Returns false, having
    /// done nothing, when this fetcher cannot run here (its tool is not installed); throws
    /// <see cref="Abstractions.DatasetException"/> when it ran and failed.
    /// </summary>
    bool TryFetch(string folder, Action<string>? log);
}
