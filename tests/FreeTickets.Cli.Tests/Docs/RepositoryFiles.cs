using System.ComponentModel;
using System.Diagnostics;

namespace FreeTickets.Cli.Tests.Docs;

/// <summary>
/// The files a clone of the repository has: tracked ones and new ones git would commit (not ignored), as paths relative
/// to the root with '/' separators. Build outputs, local results and anything else .gitignore names are left out, so a
/// link that only works on this machine is still reported.
/// </summary>
internal static class RepositoryFiles
{
    // Used only where git is missing (a source archive): the ignored folders that hold files.
    private static readonly string[] _ignoredFolders = ["bin", "obj", ".git", "artifacts", "TestResults", "BenchmarkDotNet.Artifacts", "cells", "checkpoints", "node_modules", ".vs", ".idea"];

    /// <summary>The files under <paramref name="root"/>, sorted.</summary>
    public static IReadOnlyList<string> List(string root)
    {
        var files = FromGit(root) ?? FromDisk(root);
        return [.. files.Where(f => File.Exists(Path.Combine(root, f))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Whether a file looks like text (no NUL byte near its start).</summary>
    public static bool IsText(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[8192];
        var read = stream.Read(buffer, 0, buffer.Length);
        return Array.IndexOf(buffer, (byte)0, 0, read) < 0;
    }

    private static List<string>? FromGit(string root)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var arg in new[] { "ls-files", "-z", "--cached", "--others", "--exclude-standard" })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var git = Process.Start(start)!;
            var stderr = git.StandardError.ReadToEndAsync();
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            _ = stderr.Result;
            return git.ExitCode == 0 ? [.. output.Split('\0', StringSplitOptions.RemoveEmptyEntries)] : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    private static List<string> FromDisk(string root)
    {
        var files = new List<string>();
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var folder))
        {
            files.AddRange(Directory.EnumerateFiles(folder).Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')));
            foreach (var child in Directory.EnumerateDirectories(folder).Where(d => !_ignoredFolders.Contains(Path.GetFileName(d), StringComparer.Ordinal)))
            {
                pending.Push(child);
            }
        }

        return files;
    }
}
