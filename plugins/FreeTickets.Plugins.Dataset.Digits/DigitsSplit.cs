namespace FreeTickets.Plugins.Dataset.Digits;

/// <summary>
/// The fixed train/test split of the digits set, which has no official one. The sample indices 0..n-1 are shuffled by a
/// Fisher-Yates pass driven by SplitMix64 (Steele et al. 2014) from the constant seed <see cref="Seed"/> (j = next() mod
/// (i + 1) for i = n-1 down to 1); the last ceil(n/5) positions of that order are the test set, the rest the training
/// set, each then kept in file order. The split never depends on a run's seed, so every run, tool version and machine
/// sees the same 1,437 training and 360 test digits.
/// </summary>
internal static class DigitsSplit
{
    /// <summary>The constant permutation seed (the year FreeTickets was published; any constant would do).</summary>
    public const ulong Seed = 2022;

    /// <summary>Test examples for <paramref name="count"/> samples: ceil(count / 5), 20%.</summary>
    public static int TestCount(int count) => (count + 4) / 5;

    /// <summary>Sorted sample indices of the split (train or test) of <paramref name="count"/> samples.</summary>
    public static int[] Indices(int count, bool test)
    {
        var order = Permutation(count);
        var trainCount = count - TestCount(count);
        var part = test ? order[trainCount..] : order[..trainCount];
        Array.Sort(part);
        return part;
    }

    /// <summary>The fixed permutation of 0..count-1.</summary>
    public static int[] Permutation(int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        var state = Seed;
        for (var i = count - 1; i > 0; i--)
        {
            var j = (int)(Next(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    private static ulong Next(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
