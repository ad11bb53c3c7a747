using FreeTickets.Cli;
using Spectre.Console;

return await FreeTicketsApp.RunAsync(args, AnsiConsole.Console);
