namespace FreeTickets.Core.Sparsity;

/// <summary>Names of the config's <c>sparse.maskInit</c>: how the initial masks are drawn.</summary>
public static class MaskInit
{
    /// <summary>Exactly round(density * n) active weights per layer (top-k of seeded uniform scores).</summary>
    public const string Exact = "exact";

    /// <summary>Each weight active with probability density (the released code), so a layer's count varies around it.</summary>
    public const string Bernoulli = "bernoulli";

    /// <summary>Known names.</summary>
    public static IReadOnlyList<string> Names { get; } = [Exact, Bernoulli];
}
