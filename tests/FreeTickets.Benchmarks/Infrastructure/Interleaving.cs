using System.Diagnostics;

namespace FreeTickets.Benchmarks.Infrastructure;

/// <summary>
/// The timing of the interleaved checks (<c>--masked-ratio</c>, <c>--pipeline</c>, the sparse ones): wall time per call and
/// the median of repeated measurements, which a busy neighbour on a shared VM moves less than the mean.
/// </summary>
internal static class Interleaving
{
    /// <summary>Seconds per call of <paramref name="action"/>, averaged over <paramref name="count"/> calls in a row.</summary>
    public static double Time(Action action, int count = 1)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            action();
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds / count;
    }

    /// <summary>The median (the mean of the two middle values for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
