using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace FreeTickets.Plugins.Shared;

/// <summary>The real <see cref="IProcessRunner"/>: PATH lookup and <see cref="Process"/>.</summary>
internal sealed class SystemProcessRunner : IProcessRunner
{
    private const int KeptErrorChars = 1 << 16;

    /// <inheritdoc />
    public string? Find(string program)
    {
        var names = OperatingSystem.IsWindows() ? [program + ".cmd", program + ".exe", program] : new[] { program };
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return dirs.SelectMany(d => names.Select(n => Path.Combine(d, n))).FirstOrDefault(File.Exists);
    }

    /// <inheritdoc />
    public ProcessOutcome Run(string path, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // stdout is drained and dropped (apt and npm report progress there); stderr keeps its tail for the error line.
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderr)
            {
                stderr.AppendLine(e.Data);
                if (stderr.Length > KeptErrorChars)
                {
                    stderr.Remove(0, stderr.Length - KeptErrorChars);
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new ProcessOutcome(-1, $"cannot start {path} ({ex.Message})");
        }

        process.StandardInput.Close();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            var limit = timeout.TotalMinutes >= 1
                ? $"{timeout.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} minutes"
                : $"{timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
            return new ProcessOutcome(-1, $"did not finish within {limit}");
        }

        // The parameterless wait also waits for the redirected streams to reach end of file.
        process.WaitForExit();
        lock (stderr)
        {
            return new ProcessOutcome(process.ExitCode, stderr.ToString());
        }
    }
}
