namespace FreeTickets.Core.Robustness;

/// <summary>The built-in corruptions by name, and their severities.</summary>
public static class Corruptions
{
    /// <summary>Lowest severity.</summary>
    public const int MinSeverity = 1;

    /// <summary>Highest severity.</summary>
    public const int MaxSeverity = 5;

    /// <summary>Every corruption, in the order the documentation lists them.</summary>
    public static IReadOnlyList<ICorruption> All { get; } =
        [new GaussianNoiseCorruption(), new GaussianBlurCorruption(), new RotationCorruption(), new ContrastCorruption()];

    /// <summary>Names accepted by <c>evaluation.corruptions</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(c => c.Name)];

    /// <summary>The corruption called <paramref name="name"/>.</summary>
    public static ICorruption Get(string name) =>
        All.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"unknown corruption '{name}' (expected one of {string.Join(", ", Names)})", nameof(name));

    internal static int CheckSeverity(int severity) =>
        severity is >= MinSeverity and <= MaxSeverity
            ? severity
            : throw new ArgumentOutOfRangeException(nameof(severity), severity, $"severity must be in {MinSeverity}..{MaxSeverity}");
}
