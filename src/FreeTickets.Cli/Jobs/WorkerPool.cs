using System.Collections.Concurrent;
using System.Diagnostics;
using FreeTickets.Core;
using FreeTickets.Core.Config;
using FreeTickets.Core.Methods;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;

namespace FreeTickets.Cli.Jobs;

/// <summary>
/// The coordinator of <c>run --jobs N</c>: starts N worker processes of this tool and hands out cells one at a time, in
/// the order given (most expensive first), to whichever worker asks, so no worker idles while cells wait. It renders the
/// workers' progress through one observer, passes Ctrl-C and SIGTERM on to every worker (each checkpoints and exits 130),
/// and stops the others when one fails. Workers write the records; the caller writes the tables.
/// </summary>
internal sealed class WorkerPool(WorkerLauncher launcher, IRunObserver observer, Interruption interruption)
{
    private enum EventKind
    {
        Output,
        Error,
        Exited,
        Stop,
        StopNow,
    }

    /// <summary>Trains <paramref name="order"/> on up to <paramref name="jobs"/> workers started with <paramref name="arguments"/>.</summary>
    /// <param name="order">The cells to train, in the order they are handed out.</param>
    /// <param name="outputDir">The results folder the workers write (where their records are read back).</param>
    /// <param name="jobs">Most workers to start (no more than there are cells).</param>
    /// <param name="arguments">A worker's command line (<see cref="WorkerLauncher.Arguments"/>).</param>
    /// <param name="ready">Called once, when the first worker has loaded its data and asks for a cell.</param>
    /// <returns>The number of cells that diverged and that failed.</returns>
    public (int Diverged, int Failed) Run(IReadOnlyList<CellSpec> order, string outputDir, int jobs, IReadOnlyList<string> arguments, Action ready)
    {
        var events = new BlockingCollection<Event>();
        var workers = new List<Worker>();
        var pending = new Queue<CellSpec>(order);
        var cells = order.ToDictionary(c => c.Id);
        var store = new CellStore(outputDir);
        int started = 0, diverged = 0, failed = 0, alive = 0;
        bool stopping = false, interrupted = false, isReady = false;
        Worker? failure = null;
        using var onStop = interruption.AfterEpoch.Register(() => events.Add(new Event(null, EventKind.Stop)));
        using var onNow = interruption.Now.Register(() => events.Add(new Event(null, EventKind.StopNow)));
        try
        {
            for (var i = 0; i < Math.Min(jobs, order.Count); i++)
            {
                workers.Add(Worker.Start(i + 1, launcher.StartInfo(arguments), events));
                alive++;
            }

            void StopAll(string command)
            {
                stopping = true;
                workers.ForEach(w => w.Send(command));
            }

            while (alive > 0)
            {
                var e = events.Take();
                switch (e.Kind)
                {
                    case EventKind.Stop:
                        interrupted = true;
                        StopAll(WorkerCommands.Stop);
                        break;
                    case EventKind.StopNow:
                        interrupted = true;
                        StopAll(WorkerCommands.Now);
                        break;
                    case EventKind.Error:
                        e.Worker!.Errors.Add(e.Line!);
                        if (!IsEcho(e.Line!))
                        {
                            observer.OnMessage($"worker {e.Worker.Number}: {e.Line}");
                        }

                        break;
                    case EventKind.Exited:
                        alive--;
                        e.Worker!.ExitCode = e.Code;
                        if (e.Code == ExitCodes.Interrupted && failure is null)
                        {
                            interrupted = true;
                        }
                        else if (e.Code != ExitCodes.Ok || e.Worker.Current is not null)
                        {
                            failure ??= e.Worker;
                        }

                        if (e.Code != ExitCodes.Ok && !stopping)
                        {
                            StopAll(WorkerCommands.Stop);
                        }

                        break;
                    default:
                        var worker = e.Worker!;
                        var message = WorkerMessage.Parse(e.Line!);
                        switch (message?.Kind)
                        {
                            case WorkerMessage.Next:
                                if (!isReady)
                                {
                                    isReady = true;
                                    ready();
                                }

                                if (!stopping && pending.TryDequeue(out var cell))
                                {
                                    worker.Current = cell;
                                    worker.Send(WorkerCommands.Cell(cell.Id));
                                    observer.OnCellStart(cell, started++, order.Count);
                                }
                                else
                                {
                                    worker.Send(WorkerCommands.End);
                                }

                                break;
                            case WorkerMessage.MemberStart when message.Cell is { } id && cells.TryGetValue(id, out var of):
                                observer.OnMember(of, message.Member, message.Members);
                                break;
                            case WorkerMessage.EpochEnd when message.Cell is { } id && message.Epoch is { } stats && cells.TryGetValue(id, out var of):
                                observer.OnEpoch(of, stats);
                                break;
                            case WorkerMessage.TopologyUpdate when message.Cell is { } id && message.Update is { } update && cells.TryGetValue(id, out var of):
                                observer.OnTopologyUpdate(of, message.Member, update);
                                break;
                            case WorkerMessage.Done when message.Cell is { } id && cells.TryGetValue(id, out var done):
                                var row = store.TryGet(id, done.ConfigHash)?.Run
                                    ?? throw new InvalidOperationException($"worker {worker.Number} reported cell {id} done, but its record is not in {store.Folder}");
                                worker.Current = null;
                                diverged += row.Status == CellStatus.Diverged ? 1 : 0;
                                failed += row.Status == CellStatus.Failed ? 1 : 0;
                                observer.OnCellEnd(done, row);
                                break;
                            case WorkerMessage.Message:
                                observer.OnMessage($"worker {worker.Number}: {message.Text}");
                                break;
                            default:
                                observer.OnMessage($"worker {worker.Number}: {e.Line}");
                                break;
                        }

                        break;
                }
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }

        if (failure is not null)
        {
            throw Failed(failure);
        }

        if (interrupted || pending.Count > 0)
        {
            var finished = started - workers.Count(w => w.Current is not null);
            throw new RunInterruptedException(
                $"interrupted: {finished} of {order.Count} cell(s) trained, the cells in flight checkpointed; run the same command again to resume");
        }

        return (diverged, failed);
    }

    // The worker's own echo of a Ctrl-C the terminal sent it too, and its last error line (the coordinator reports that).
    private static bool IsEcho(string line) =>
        line.StartsWith("interrupt:", StringComparison.Ordinal) || line.StartsWith("SIGTERM:", StringComparison.Ordinal)
        || line.StartsWith("error: ", StringComparison.Ordinal) || line.StartsWith("internal error: ", StringComparison.Ordinal);

    private static Exception Failed(Worker worker)
    {
        var last = worker.Errors.LastOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal) || l.StartsWith("internal error: ", StringComparison.Ordinal));
        var during = worker.Current is { } cell ? $" during cell {cell.Id}" : "";
        if (worker.ExitCode == ExitCodes.BadInput && last is not null)
        {
            // Bad input (the data, the output folder) fails every worker the same way: say it as the tool would.
            return new BadInputException(last["error: ".Length..]);
        }

        return new CheckFailedException(
            $"worker {worker.Number} exited with code {worker.ExitCode}{during}: {last ?? worker.Errors.LastOrDefault() ?? "no message"}; the other workers stopped after their epoch; run the same command again to resume");
    }

    private sealed record Event(Worker? Worker, EventKind Kind, string? Line = null, int Code = 0);

    private sealed class Worker : IDisposable
    {
        private readonly Process _process;

        private Worker(int number, Process process)
        {
            Number = number;
            _process = process;
        }

        public int Number { get; }

        public CellSpec? Current { get; set; }

        public int ExitCode { get; set; }

        public List<string> Errors { get; } = [];

        public static Worker Start(int number, ProcessStartInfo start, BlockingCollection<Event> events)
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start worker {number}: {start.FileName}");
            var worker = new Worker(number, process);
            var output = Pump(process.StandardOutput, line => events.Add(new Event(worker, EventKind.Output, line)));
            var error = Pump(process.StandardError, line => events.Add(new Event(worker, EventKind.Error, line)));
            // Exited comes after the last line of both streams, so a worker's "done" is always seen before its exit.
            _ = Task.WhenAll(output, error).ContinueWith(
                _ =>
                {
                    process.WaitForExit();
                    events.Add(new Event(worker, EventKind.Exited, Code: process.ExitCode));
                },
                TaskScheduler.Default);
            return worker;
        }

        public void Send(string command)
        {
            try
            {
                _process.StandardInput.WriteLine(command);
                _process.StandardInput.Flush();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
            {
                // The worker has exited; its exit event says how.
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            _process.Dispose();
        }

        private static Task Pump(StreamReader reader, Action<string> line) => Task.Run(async () =>
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } text)
            {
                line(text);
            }
        });
    }
}
