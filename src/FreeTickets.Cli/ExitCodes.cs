namespace FreeTickets.Cli;

/// <summary>Process exit codes (docs/cli.md#exit-codes).</summary>
public static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>A check failed (for example the leaderboard drifted) or a cell failed.</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad input: configuration, arguments, data, plugins, output folder.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted by Ctrl-C.</summary>
    public const int Interrupted = 130;
}
