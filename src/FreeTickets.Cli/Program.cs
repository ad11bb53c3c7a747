using FreeTickets.Cli;
using Spectre.Console;

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Logs and pipes: no wrapping at 80 columns, so one event stays one line.
    console.Profile.Width = 240;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C: stop after the current step (finished cells are already saved); a second one kills the process.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        Console.Error.WriteLine("interrupt: stopping after the current step (press Ctrl-C again to exit now)");
        cancellation.Cancel();
    }
};

return await FreeTicketsApp.RunAsync(args, console, cancellationToken: cancellation.Token);
