namespace FreeTickets.Core.Results;

/// <summary>Density of one sparsifiable layer (<paramref name="Name"/> as in <c>named_parameters()</c>, e.g. <c>fc1.weight</c>).</summary>
public sealed record LayerDensity(string Name, IReadOnlyList<long> Shape, long Weights, double Density);
