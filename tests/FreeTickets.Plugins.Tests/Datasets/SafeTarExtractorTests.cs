using System.Formats.Tar;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Cifar;

namespace FreeTickets.Plugins.Tests.Datasets;

public sealed class SafeTarExtractorTests : IDisposable
{
    private readonly CifarTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Target => Path.Combine(_files.Root, "target");

    [Fact]
    public void Should_extract_folders_and_files_When_the_archive_is_safe()
    {
        using var tgz = new MemoryStream(CifarTestFiles.TarGz([("top/a.bin", [1, 2, 3]), ("top/sub/b.txt", [4]), ("c", [])]));

        SafeTarExtractor.Extract(tgz, Target, "test.tar.gz");

        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(Target, "top", "a.bin")));
        Assert.Equal([4], File.ReadAllBytes(Path.Combine(Target, "top", "sub", "b.txt")));
        Assert.Empty(File.ReadAllBytes(Path.Combine(Target, "c")));
    }

    [Theory]
    [InlineData("../evil", "path has a '..' segment")]
    [InlineData("top/../../evil", "path has a '..' segment")]
    [InlineData("/tmp/freetickets-evil-absolute", "path is absolute")]
    public void Should_refuse_the_archive_When_an_entry_path_escapes(string entry, string why)
    {
        using var tgz = new MemoryStream(CifarTestFiles.TarGz([("top/ok.bin", [1]), (entry, [0])]));

        var ex = Assert.Throws<DatasetException>(() => SafeTarExtractor.Extract(tgz, Target, "test.tar.gz"));

        Assert.Equal($"test.tar.gz: unsafe archive entry '{entry}' ({why}); refusing to extract", ex.Message);
        Assert.False(File.Exists(Path.Combine(_files.Root, "evil")));
        Assert.False(File.Exists("/tmp/freetickets-evil-absolute"));
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink, "top/link", "../../outside", "symbolic link target '../../outside' has a '..' segment")]
    [InlineData(TarEntryType.SymbolicLink, "top/link", "/etc", "symbolic link target '/etc' is absolute")]
    [InlineData(TarEntryType.HardLink, "top/hard", "../outside", "hard link target '../outside' has a '..' segment")]
    public void Should_refuse_the_archive_When_a_link_points_outside(TarEntryType type, string name, string target, string why)
    {
        using var tgz = new MemoryStream(CifarTestFiles.TarGz([("top/ok.bin", [1])], [(type, name, target)]));

        var ex = Assert.Throws<DatasetException>(() => SafeTarExtractor.Extract(tgz, Target, "test.tar.gz"));

        Assert.Equal($"test.tar.gz: unsafe archive entry '{name}' ({why}); refusing to extract", ex.Message);
        Assert.False(Path.Exists(Path.Combine(Target, name)));
    }

    [Fact]
    public void Should_not_create_links_When_they_stay_inside()
    {
        using var tgz = new MemoryStream(CifarTestFiles.TarGz(
            [("top/data.bin", [9])],
            [(TarEntryType.SymbolicLink, "top/alias", "data.bin"), (TarEntryType.HardLink, "top/hard", "top/data.bin")]));

        SafeTarExtractor.Extract(tgz, Target, "test.tar.gz");

        Assert.Equal([9], File.ReadAllBytes(Path.Combine(Target, "top", "data.bin")));
        Assert.False(Path.Exists(Path.Combine(Target, "top", "alias")));
        Assert.False(Path.Exists(Path.Combine(Target, "top", "hard")));
    }

    [Fact]
    public void Should_raise_a_dataset_error_When_the_archive_is_not_gzip()
    {
        using var junk = new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8]);

        var ex = Assert.Throws<DatasetException>(() => SafeTarExtractor.Extract(junk, Target, "junk.tar.gz"));

        Assert.StartsWith("junk.tar.gz: not a valid .tar.gz", ex.Message, StringComparison.Ordinal);
    }
}
