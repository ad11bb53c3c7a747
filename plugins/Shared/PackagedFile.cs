namespace FreeTickets.Plugins.Shared;

/// <summary>A dataset file inside a Debian package.</summary>
/// <param name="PathInPackage">Its path in the package, relative to <c>/</c> (e.g. <c>usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz</c>).</param>
/// <param name="Sha256">Lowercase hex SHA-256 of its uncompressed content (see <see cref="ContentHash"/>).</param>
internal sealed record PackagedFile(string PathInPackage, string Sha256)
{
    /// <summary>The name it gets in the dataset folder: its own.</summary>
    public string FileName => Path.GetFileName(PathInPackage);
}
