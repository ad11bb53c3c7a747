namespace FreeTickets.Plugins.Dataset.Cifar;

/// <summary>Where a CIFAR archive is published and how to recognise it.</summary>
/// <param name="DatasetName">The dataset key, used as the prefix of log lines.</param>
/// <param name="Uri">The canonical download address of the .tar.gz.</param>
/// <param name="Md5">Lowercase hex MD5 published next to the archive on the host's page.</param>
/// <param name="FolderName">The single top-level folder inside the archive, which holds the data files.</param>
internal sealed record CifarArchive(string DatasetName, Uri Uri, string Md5, string FolderName)
{
    /// <summary>The archive's file name, the last segment of <see cref="Uri"/>.</summary>
    public string FileName => Uri.Segments[^1];
}
