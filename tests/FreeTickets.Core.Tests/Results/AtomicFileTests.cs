using System.Text;
using FreeTickets.Core.Results;
using FreeTickets.Tests.Shared;

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

    [Fact]
    public void Should_keep_the_old_content_remove_the_temp_file_and_name_the_file_When_the_disk_fills_up()
    {
        var path = Path.Combine(_dir, "a.csv");
        Write(path, "old");

        using (var disk = new SimulatedDiskFull("a.csv", capacity: 3))
        {
            var ex = Assert.Throws<BadInputException>(() => Write(path, "a longer new content"));

            Assert.Equal(1, disk.Hits);
            Assert.Equal($"{path}: could not write the file (No space left on device); its previous content is kept", ex.Message);
        }

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Should_replace_none_of_the_files_When_the_disk_fills_up_while_writing_the_second()
    {
        var first = Path.Combine(_dir, "first.csv");
        var second = Path.Combine(_dir, "second.csv");
        Write(first, "old first");
        Write(second, "old second");

        using (new SimulatedDiskFull("second.csv", capacity: 2))
        {
            var ex = Assert.Throws<BadInputException>(() => AtomicFile.WriteAll(
            [
                (first, s => s.Write("new first"u8)),
                (second, s => s.Write("new second"u8)),
            ]));

            Assert.StartsWith($"{second}: could not write the file (No space left on device); none of the files was replaced", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal("old first", File.ReadAllText(first));
        Assert.Equal("old second", File.ReadAllText(second));
        Assert.Equal([first, second], Directory.GetFiles(_dir).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_name_the_file_When_its_folder_cannot_be_created()
    {
        var blocker = Path.Combine(_dir, "a-file");
        File.WriteAllText(blocker, "");
        var path = Path.Combine(blocker, "cells", "c.json");

        var ex = Assert.Throws<BadInputException>(() => Write(path, "{}"));

        Assert.StartsWith($"{path}: could not write the file (", ex.Message, StringComparison.Ordinal);
        Assert.Equal([blocker], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Should_delete_only_the_temporary_files_of_writers_no_longer_running_When_cleaning_up_after_a_kill()
    {
        // 2^31 - 2 is above Linux's pid_max: no process has it.
        var abandoned = Path.Combine(_dir, $".a.ckpt.{int.MaxValue - 1}.{Guid.NewGuid():N}.tmp");
        var live = Path.Combine(_dir, $".b.ckpt.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var kept = Path.Combine(_dir, "c.ckpt");
        foreach (var file in (string[])[abandoned, live, kept])
        {
            File.WriteAllText(file, "x");
        }

        AtomicFile.DeleteAbandoned(_dir);
        AtomicFile.DeleteAbandoned(Path.Combine(_dir, "missing"));

        Assert.Equal([live, kept], Directory.GetFiles(_dir).Order(StringComparer.Ordinal));
    }
}
