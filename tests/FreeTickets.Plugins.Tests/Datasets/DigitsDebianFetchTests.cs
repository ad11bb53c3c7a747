extern alias digits;

using System.Security.Cryptography;
using System.Text;
using digits::FreeTickets.Plugins.Dataset.Digits;
using FreeTickets.Abstractions;
using static TorchSharp.torch;
using DigitsShared = digits::FreeTickets.Plugins.Shared;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>digits taken out of Debian's python3-sklearn with apt-get download, with stand-ins for apt-get and dpkg-deb.</summary>
public sealed class DigitsDebianFetchTests : IDisposable
{
    private const int Count = 20;
    private const string InPackage = "usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-digits-apt-").FullName;
    private readonly List<string> _log = [];
    private readonly FakePrograms _programs = new();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Folder => Path.Combine(_root, "digits");

    private string SystemFile => Path.Combine(_root, "system", "digits.csv.gz");

    [Fact]
    public void Should_unpack_only_digits_csv_gz_from_python3_sklearn_verify_it_and_load_it()
    {
        _programs.WithDebianPackage("python3-sklearn", new Dictionary<string, byte[]>
        {
            [InPackage] = FakePrograms.Gzip(Csv()),
            ["usr/lib/python3/dist-packages/sklearn/__init__.py"] = [0x23],
        });

        using var test = Dataset(Sha256(Csv())).Load(DatasetSplitKind.Test, Options());

        Assert.Equal(4, test.Count);
        Assert.Equal(2, _programs.Calls.Count);
        Assert.Equal("apt-get download -q python3-sklearn", _programs.Calls[0]);
        Assert.Equal([".fetch.lock", "digits.csv.gz"], Entries());
        Assert.Equal(Csv(), Gunzip(Path.Combine(Folder, "digits.csv.gz")));
    }

    [Fact]
    public void Should_prefer_the_installed_file_to_apt_get()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SystemFile)!);
        File.WriteAllBytes(SystemFile, FakePrograms.Gzip(Csv()));
        _programs.WithDebianPackage("python3-sklearn", new Dictionary<string, byte[]> { [InPackage] = FakePrograms.Gzip(Csv()) });

        using var train = Dataset(Sha256(Csv())).Load(DatasetSplitKind.Train, Options());

        Assert.Equal(16, train.Count);
        Assert.Empty(_programs.Calls);
    }

    [Fact]
    public void Should_refuse_a_file_whose_content_differs_and_say_what_was_tried()
    {
        _programs.WithDebianPackage("python3-sklearn", new Dictionary<string, byte[]> { [InPackage] = FakePrograms.Gzip(Csv()) });
        var expected = new string('a', 64);

        var ex = Assert.Throws<DatasetException>(() => Dataset(expected).Load(DatasetSplitKind.Train, Options()));

        Assert.Equal(
            $"digits: digits.csv.gz not found in {Folder} nor at {SystemFile}: tried apt-get download python3-sklearn " +
            $"(python3-sklearn_1.0_all.deb: /{InPackage} has SHA-256 {Sha256(Csv())} (uncompressed), expected {expected}; refusing to use it); " +
            "on Debian/Ubuntu run `sudo apt-get install python3-sklearn` (installs it at /usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz), " +
            $"or copy digits.csv.gz from any scikit-learn installation or source tree (sklearn/datasets/data/digits.csv.gz) into {Folder}",
            ex.Message);
        Assert.Equal([".fetch.lock"], Entries());
    }

    [Fact]
    public void Should_say_apt_get_is_missing()
    {
        var ex = Assert.Throws<DatasetException>(() => Dataset(Sha256(Csv())).Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(
            $"digits: digits.csv.gz not found in {Folder} nor at {SystemFile}: tried apt-get download python3-sklearn (apt-get not found: not a Debian/Ubuntu system); on Debian/Ubuntu",
            ex.Message,
            StringComparison.Ordinal);
    }

    private DigitsDataset Dataset(string sha256) => new(Count, SystemFile, new Runner(_programs), sha256);

    private static byte[] Csv() =>
        Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, Count).Select(i => string.Join(',', Enumerable.Range(0, 64).Select(p => (i + p) % 17).Append(i % 10)) + "\n")));

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gz = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var copy = new MemoryStream();
        gz.CopyTo(copy);
        return copy.ToArray();
    }

    private List<string> Entries() =>
        Directory.GetFileSystemEntries(Folder).Select(e => Path.GetFileName(e)!).Order(StringComparer.Ordinal).ToList();

    private DatasetLoadOptions Options() => new(_root, CPU, Seed: 0, _log.Add);

    /// <summary><see cref="FakePrograms"/> as the digits plugin's own process runner.</summary>
    private sealed class Runner(FakePrograms programs) : DigitsShared.IProcessRunner
    {
        public string? Find(string program) => programs.Find(program);

        public DigitsShared.ProcessOutcome Run(string path, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
        {
            var (exitCode, standardError) = programs.Run(path, arguments, workingDirectory);
            return new DigitsShared.ProcessOutcome(exitCode, standardError);
        }
    }
}
