using static TorchSharp.torch;

namespace FreeTickets.Abstractions;

/// <summary>As in the real contract.</summary>
public sealed record MaskUpdateContext(long Step, double DropFraction, Generator Generator);
