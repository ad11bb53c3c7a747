namespace FreeTickets.Plugins.Shared;

/// <summary>How an external program ended.</summary>
/// <param name="ExitCode">Its exit code (-1 when it was killed for running too long).</param>
/// <param name="StandardError">What it wrote to stderr (the last 64 KB), or why it was killed.</param>
internal sealed record ProcessOutcome(int ExitCode, string StandardError)
{
    /// <summary>Whether it exited with 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>
    /// The line of stderr that says what went wrong, for a one-line error: apt's first <c>E:</c> line, npm's first
    /// error line that is not a code or the log location, else the last line.
    /// </summary>
    public string ErrorLine()
    {
        var lines = StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] npmNoise = ["npm error code", "npm error errno", "npm error syscall", "npm error A complete log", "npm error Log files", "npm ERR! code", "npm ERR! errno", "npm ERR! syscall", "npm ERR! A complete log"];
        return lines.FirstOrDefault(l => l.StartsWith("E:", StringComparison.Ordinal))
            ?? lines.FirstOrDefault(l => (l.StartsWith("npm error", StringComparison.Ordinal) || l.StartsWith("npm ERR!", StringComparison.Ordinal))
                && !npmNoise.Any(n => l.StartsWith(n, StringComparison.Ordinal)))
            ?? lines.LastOrDefault()
            ?? "no output";
    }
}
