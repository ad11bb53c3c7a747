namespace FreeTickets.Plugins.Shared;

/// <summary>
/// Finds and runs the external programs some dataset fetchers use (npm, apt-get, dpkg-deb): the seam that lets tests
/// stand in for them. Compiled into each dataset plugin that needs it (plugins share no assembly but the contract).
/// </summary>
internal interface IProcessRunner
{
    /// <summary>The full path of <paramref name="program"/> found on PATH; null when it is not installed.</summary>
    string? Find(string program);

    /// <summary>
    /// Runs <paramref name="path"/> (from <see cref="Find"/>) with <paramref name="arguments"/> in
    /// <paramref name="workingDirectory"/> and waits for it, killing it after <paramref name="timeout"/>.
    /// </summary>
    ProcessOutcome Run(string path, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout);
}
