namespace FreeTickets.Core.Running;

/// <summary>What a matrix run did.</summary>
public sealed record RunSummary(int Total, int Skipped, int Ran, int Diverged, int Failed, string OutputDir);
