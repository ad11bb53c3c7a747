namespace FreeTickets.Core.Config;

/// <summary>Names of <see cref="TrainingSettings.ValidationSplit"/>.</summary>
public static class ValidationSplits
{
    /// <summary>A seeded permutation of the training split (fixed per dataset and fraction).</summary>
    public const string Random = "random";

    /// <summary>The last examples of the training split in file order (the released FreeTickets code).</summary>
    public const string Tail = "tail";

    /// <summary>Known names.</summary>
    public static IReadOnlyList<string> Names { get; } = [Random, Tail];
}
