namespace FreeTickets.Core.Config;

/// <summary>The four methods of the benchmark (docs/architecture.md#methods).</summary>
public static class MethodNames
{
    /// <summary>One dense model.</summary>
    public const string Dense = "dense";

    /// <summary>M independently trained dense models.</summary>
    public const string DenseEnsemble = "dense-ensemble";

    /// <summary>M independent dynamic sparse runs.</summary>
    public const string DstEnsemble = "dst-ensemble";

    /// <summary>One sparse run yielding M tickets (exploration, then refinement phases).</summary>
    public const string EdstEnsemble = "edst-ensemble";

    /// <summary>All methods in display order.</summary>
    public static IReadOnlyList<string> All { get; } = [Dense, DenseEnsemble, DstEnsemble, EdstEnsemble];

    /// <summary>Whether the method trains sparse networks (and so uses the matrix's sparsities).</summary>
    public static bool IsSparse(string method) => method is DstEnsemble or EdstEnsemble;
}
