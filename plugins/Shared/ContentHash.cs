using System.IO.Compression;
using System.Security.Cryptography;
using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Shared;

/// <summary>
/// SHA-256 of a data file's content: of the decompressed bytes when the file ends in <c>.gz</c>, so one checksum fits
/// every copy of a dataset, however it was compressed (Debian recompresses the files it packages).
/// </summary>
internal static class ContentHash
{
    /// <summary>Lowercase hex SHA-256 of the (decompressed) content; a corrupt .gz is a one-line <see cref="DatasetException"/>.</summary>
    public static string Sha256(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            if (!path.EndsWith(".gz", StringComparison.Ordinal))
            {
                return Convert.ToHexStringLower(SHA256.HashData(file));
            }

            using var gz = new GZipStream(file, CompressionMode.Decompress);
            return Convert.ToHexStringLower(SHA256.HashData(gz));
        }
        catch (InvalidDataException ex)
        {
            throw new DatasetException($"{path}: not a valid gzip file ({VerifiedDownload.FirstLine(ex)})", ex);
        }
    }

    /// <summary>Throws a one-line <see cref="DatasetException"/> when <paramref name="path"/>'s content does not hash to <paramref name="expected"/>.</summary>
    /// <param name="path">The file to check.</param>
    /// <param name="expected">Lowercase hex SHA-256 of the uncompressed content.</param>
    /// <param name="what">How the file is named in the message (where it came from).</param>
    public static void Verify(string path, string expected, string what)
    {
        var actual = Sha256(path);
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new DatasetException(
                $"{what} has SHA-256 {actual}{(path.EndsWith(".gz", StringComparison.Ordinal) ? " (uncompressed)" : string.Empty)}, expected {expected}; refusing to use it");
        }
    }
}
