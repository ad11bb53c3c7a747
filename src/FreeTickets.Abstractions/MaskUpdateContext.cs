using static TorchSharp.torch;

namespace FreeTickets.Abstractions;

/// <summary>What a pruning criterion or regrowth rule may know about the current topology update.</summary>
/// <param name="Step">Optimizer step (iteration) at which the update happens, counted from 0 over the whole run.</param>
/// <param name="DropFraction">Fraction p of the active weights that is pruned and regrown in this update.</param>
/// <param name="Generator">Seeded generator for any randomness. It is derived from a stable hash of the cell,
/// the layer name and the step, so the same cell always draws the same numbers.</param>
public sealed record MaskUpdateContext(long Step, double DropFraction, Generator Generator);
