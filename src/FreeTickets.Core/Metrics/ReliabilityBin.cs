namespace FreeTickets.Core.Metrics;

/// <summary>
/// One equal-width confidence bin of a reliability diagram, covering (<paramref name="Lower"/>, <paramref name="Upper"/>]
/// (the first bin also holds confidence exactly 0). <paramref name="Accuracy"/> and <paramref name="Confidence"/> are
/// the bin's means, 0 when <paramref name="Count"/> is 0.
/// </summary>
public sealed record ReliabilityBin(double Lower, double Upper, long Count, double Accuracy, double Confidence);
