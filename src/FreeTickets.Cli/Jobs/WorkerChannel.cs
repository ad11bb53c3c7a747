using System.Collections.Concurrent;
using System.Diagnostics;

namespace FreeTickets.Cli.Jobs;

/// <summary>
/// A worker's end of the pipes to its coordinator: messages out on standard output, cells and stop requests in on standard
/// input, read by a background thread so that a stop reaches a worker in the middle of an epoch. When standard input ends
/// without <see cref="WorkerCommands.End"/>, the coordinator is gone (killed, even with SIGKILL): the worker kills itself
/// at once rather than train on as an orphan. That is safe: records and checkpoints are written atomically, and the rerun
/// resumes from the last checkpoint.
/// </summary>
internal sealed class WorkerChannel
{
    private readonly BlockingCollection<string?> _cells = [];
    private readonly TextWriter _output;
    private readonly Interruption _interruption;
    private readonly Action _orphaned;
    private readonly Lock _write = new();
    private volatile bool _ended;

    /// <param name="input">The coordinator's commands.</param>
    /// <param name="output">Where messages go.</param>
    /// <param name="interruption">Receives the coordinator's stop requests.</param>
    /// <param name="orphaned">Called when input ends without <see cref="WorkerCommands.End"/>; default: kill this process.</param>
    public WorkerChannel(TextReader input, TextWriter output, Interruption interruption, Action? orphaned = null)
    {
        _output = output;
        _interruption = interruption;
        _orphaned = orphaned ?? (() => Process.GetCurrentProcess().Kill());
        new Thread(() => Read(input)) { IsBackground = true, Name = "coordinator commands" }.Start();
    }

    /// <summary>Writes one message.</summary>
    public void Send(WorkerMessage message)
    {
        lock (_write)
        {
            _output.WriteLine(message.ToLine());
            _output.Flush();
        }
    }

    /// <summary>Asks for the next cell and waits for it; null: no more cells (or stop).</summary>
    public string? Next()
    {
        Send(new WorkerMessage(WorkerMessage.Next));
        return _cells.Take();
    }

    private void Read(TextReader input)
    {
        while (true)
        {
            string? line;
            try
            {
                line = input.ReadLine();
            }
            catch (IOException)
            {
                line = null;
            }

            switch (line)
            {
                case null:
                    if (!_ended)
                    {
                        _orphaned();
                    }

                    _cells.Add(null);
                    return;
                case WorkerCommands.End:
                    _ended = true;
                    _cells.Add(null);
                    break;
                case WorkerCommands.Stop:
                    // Idempotent: the terminal's Ctrl-C may have reached this worker already.
                    _interruption.StopAfterEpoch();
                    _cells.Add(null);
                    break;
                case WorkerCommands.Now:
                    _interruption.StopNow();
                    _cells.Add(null);
                    break;
                case var cell when cell.StartsWith(WorkerCommands.CellPrefix, StringComparison.Ordinal):
                    _cells.Add(cell[WorkerCommands.CellPrefix.Length..]);
                    break;
                default:
                    break;
            }
        }
    }
}
