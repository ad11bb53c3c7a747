namespace FreeTickets.Core.Training;

/// <summary>Names of <see cref="Config.EnsembleSettings.RefineRates"/>: the learning rates of EDST's refinement phases.</summary>
public static class RefineRates
{
    /// <summary>lr0 / 10, then lr0 / 100 (the paper's 0.01 and 0.001 at its lr0 of 0.1).</summary>
    public const string Relative = "relative";

    /// <summary>0.01, then 0.001 whatever lr0 (the released code sets them as constants).</summary>
    public const string Absolute = "absolute";

    /// <summary>Known names.</summary>
    public static IReadOnlyList<string> Names { get; } = [Relative, Absolute];
}
