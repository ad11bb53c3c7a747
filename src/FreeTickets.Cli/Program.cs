using System.Runtime.InteropServices;
using FreeTickets.Cli;
using Spectre.Console;

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Logs and pipes: no wrapping at 80 columns, so one event stays one line.
    console.Profile.Width = 240;
}

using var interruption = new Interruption();
void Interrupt(string what)
{
    switch (interruption.Request())
    {
        case 1:
            Console.Error.WriteLine($"{what}: finishing the current epoch, then writing a checkpoint (again to stop now)");
            break;
        case 2:
            Console.Error.WriteLine($"{what}: stopping now; the last checkpoint is kept");
            break;
        default:
            Environment.Exit(ExitCodes.Interrupted);
            break;
    }
}

Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Interrupt("interrupt");
};

// Schedulers (Slurm pre-emption, Kubernetes eviction) send SIGTERM before SIGKILL: treat it like a first Ctrl-C.
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    Interrupt("SIGTERM");
});

return await FreeTicketsApp.RunAsync(args, console, interruption: interruption);
