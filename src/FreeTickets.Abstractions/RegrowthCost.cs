namespace FreeTickets.Abstractions;

/// <summary>
/// What a regrowth rule costs beyond sparse training, for FLOPs accounting (RigL's convention, Evci et al. 2020,
/// appendix H). f_S is the sparse forward cost, f_D the dense one, per example.
/// </summary>
public enum RegrowthCost
{
    /// <summary>No dense computation (SET, random growth): 3 f_S per training example.</summary>
    SparseOnly,

    /// <summary>A dense gradient only at topology updates (RigL): (3 f_S dT + 2 f_S + f_D) / (dT + 1).</summary>
    DenseGradientAtUpdates,

    /// <summary>
    /// A dense gradient every step (SNFS, momentum growth; any rule that asks for <see cref="GradientStatistics"/>):
    /// 2 f_S + f_D.
    /// </summary>
    DenseGradientEveryStep,
}
