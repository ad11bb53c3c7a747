namespace FreeTickets.Abstractions;

/// <summary>What an architecture needs to know about its input and output.</summary>
/// <param name="InputShape">Shape of one example, channels first (for example [1, 28, 28] or [3, 32, 32]).</param>
/// <param name="NumClasses">Number of output logits.</param>
public sealed record ArchitectureSpec(IReadOnlyList<long> InputShape, int NumClasses);
