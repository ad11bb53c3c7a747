using System.Text;
using FreeTickets.Core.Results;

namespace FreeTickets.Core.Tests.Results;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("freetickets-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void Write(string path, string text) => AtomicFile.Write(path, s => s.Write(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Should_leave_only_the_target_When_writing_a_new_file()
    {
        var path = Path.Combine(_dir, "a.csv");

        Write(path, "first");

        Assert.Equal("first", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Should_replace_the_content_and_leave_no_temp_file_When_overwriting()
    {
        var path = Path.Combine(_dir, "a.csv");
        Write(path, "a much longer first content");

        Write(path, "second");

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Should_keep_the_old_content_and_remove_the_temp_file_When_the_writer_throws()
    {
        var path = Path.Combine(_dir, "a.csv");
        Write(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("partial"u8);
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Should_create_missing_folders_When_the_parent_does_not_exist()
    {
        var path = Path.Combine(_dir, "x", "y", "cells", "c.json");

        Write(path, "{}");

        Assert.Equal("{}", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
