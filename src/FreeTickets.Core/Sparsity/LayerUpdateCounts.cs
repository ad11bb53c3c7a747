namespace FreeTickets.Core.Sparsity;

/// <summary>What one topology update did to one layer.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Active">Active weights before and after the update (they are equal).</param>
/// <param name="Pruned">Active weights removed: ceil(p * active), clamped to [0, active].</param>
/// <param name="Grown">Inactive positions made active; always equal to <paramref name="Pruned"/>.</param>
/// <param name="Relocated">Grown positions that were not active before the update (a pruned position grown back
/// in the same update is not relocated).</param>
public sealed record LayerUpdateCounts(string Name, long Active, long Pruned, long Grown, long Relocated);
