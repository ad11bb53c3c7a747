namespace FreeTickets.Cli;

/// <summary>A check did not pass (drift, failed cells); the CLI prints the message and exits with code 1.</summary>
public sealed class CheckFailedException(string message) : Exception(message);
