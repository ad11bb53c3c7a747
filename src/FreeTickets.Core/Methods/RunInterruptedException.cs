namespace FreeTickets.Core.Methods;

/// <summary>A run stopped on request after an epoch, with its checkpoint written (the CLI exits 130).</summary>
public sealed class RunInterruptedException(string message) : OperationCanceledException(message);
