namespace FreeTickets.Cli;

/// <summary>
/// Ctrl-C (and SIGTERM) as two stages: the first asks the run to finish its epoch, write a checkpoint and exit 130; the
/// second stops now (the last checkpoint stays).
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _afterEpoch = new();
    private readonly CancellationTokenSource _now = new();

    /// <summary>Cancelled by the first request: stop after the current epoch.</summary>
    public CancellationToken AfterEpoch => _afterEpoch.Token;

    /// <summary>Cancelled by the second request: stop within the current step.</summary>
    public CancellationToken Now => _now.Token;

    /// <summary>Registers a request; returns how many there have been (1: graceful, 2: now, more: the caller may exit).</summary>
    public int Request()
    {
        if (!_afterEpoch.IsCancellationRequested)
        {
            _afterEpoch.Cancel();
            return 1;
        }

        if (!_now.IsCancellationRequested)
        {
            _now.Cancel();
            return 2;
        }

        return 3;
    }

    /// <summary>Asks for a stop after the current epoch, as a first request does, unless one was made already (a worker of
    /// <c>run --jobs</c> told by its coordinator, which the terminal's Ctrl-C may have reached first).</summary>
    public void StopAfterEpoch() => _afterEpoch.Cancel();

    /// <summary>Asks for a stop within the current step, as a second request does.</summary>
    public void StopNow()
    {
        _afterEpoch.Cancel();
        _now.Cancel();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _afterEpoch.Dispose();
        _now.Dispose();
    }
}
