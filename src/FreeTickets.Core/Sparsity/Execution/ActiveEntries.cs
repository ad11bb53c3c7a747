namespace FreeTickets.Core.Sparsity.Execution;

/// <summary>
/// The active entries of a weight run by the sparse kernels, for an optimizer that updates those only: their positions
/// (<see cref="SparsePattern.RowFlat"/>) and, when the last backward pass left the gradient in compact form only, that
/// gradient in the pattern's entry order (null: read it from .grad).
/// </summary>
/// <param name="Pattern">The weight's current pattern.</param>
/// <param name="CompactGradient">This step's gradient of the active entries, or null.</param>
public sealed record ActiveEntries(SparsePattern Pattern, float[]? CompactGradient);
