namespace FreeTickets.Core.Sparsity;

/// <summary>Names of the config's <c>sparse.regrownMomentum</c>: what SGD's momentum does at inactive weights.</summary>
public static class RegrownMomentum
{
    /// <summary>Masked with the weight: inactive weights have zero momentum, regrown ones start from zero (RigL).</summary>
    public const string Zero = "zero";

    /// <summary>The buffer stays dense: inactive weights keep accumulating it and regrown ones inherit it (the released code).</summary>
    public const string Keep = "keep";

    /// <summary>Known names.</summary>
    public static IReadOnlyList<string> Names { get; } = [Zero, Keep];
}
