namespace FreeTickets.Testing;

/// <summary>Theory data shared by the pruning and regrowth contract suites.</summary>
public static class ContractCases
{
    private static readonly long[][] _shapes = [[8, 4], [16, 8, 3, 3], [300, 784]];

    /// <summary>Weight shapes: a small linear, a convolution and LeNet-300-100's first layer.</summary>
    public static TheoryData<long[]> Shapes() => [.. _shapes];

    /// <summary>Shapes x sparsities x drop fractions, as the engine's own invariant tests.</summary>
    public static TheoryData<long[], double, double> ShapesSparsitiesDrops()
    {
        var data = new TheoryData<long[], double, double>();
        foreach (var shape in _shapes)
        {
            foreach (var sparsity in new[] { 0.5, 0.8, 0.9, 0.99 })
            {
                foreach (var drop in new[] { 0.1, 0.3, 0.5, 1.0 })
                {
                    data.Add(shape, sparsity, drop);
                }
            }
        }

        return data;
    }
}
