namespace FreeTickets.Core.Results;

/// <summary>Density of one sparsifiable layer (<paramref name="Name"/> as in <c>named_parameters()</c>, e.g. <c>fc1.weight</c>).</summary>
public sealed record LayerDensity(string Name, IReadOnlyList<long> Shape, long Weights, double Density)
{
    /// <summary>
    /// How the layer computed under <c>sparse.execution: sparse</c>: <c>sparse</c>, or <c>masked: </c> and the reason
    /// (<c>density 0.469 > 0.25</c>, <c>not fully connected</c>, ...); null for masked and dense runs (and for records
    /// written before the field existed).
    /// </summary>
    public string? Execution { get; init; }
}
