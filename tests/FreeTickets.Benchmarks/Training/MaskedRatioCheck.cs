using System.Globalization;
using static FreeTickets.Benchmarks.Infrastructure.Interleaving;

namespace FreeTickets.Benchmarks.Training;

/// <summary>
/// <c>--masked-ratio ARCH [--rounds R]</c>: issue 6's masked / dense step ratio measured with the two interleaved in one
/// process. BenchmarkDotNet runs its Dense and Masked cases minutes apart, and on a shared VM the drift between them
/// (either way, tens of percent) is larger than the 3% the target allows. Here each round times a block of dense steps and
/// then a block of masked steps (the same <see cref="TrainingStepBenchmarks"/> setups), and the answer is the median over
/// rounds of masked / dense, the first round left out as warm-up.
/// </summary>
internal static class MaskedRatioCheck
{
    public static int Run(string architecture, int rounds)
    {
        var dense = new TrainingStepBenchmarks { Architecture = architecture };
        var masked = new TrainingStepBenchmarks { Architecture = architecture };
        dense.SetupDense();
        masked.SetupSparse();
        try
        {
            var steps = architecture == "wrn-16-8" ? 1 : 25;
            var ratios = new List<double>();
            var denseTimes = new List<double>();
            var maskedTimes = new List<double>();
            for (var round = 0; round <= rounds; round++)
            {
                var d = Time(() => dense.Dense(), steps);
                var m = Time(() => masked.Masked(), steps);
                if (round > 0)
                {
                    denseTimes.Add(d);
                    maskedTimes.Add(m);
                    ratios.Add(m / d);
                }
            }

            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"masked-ratio: {architecture}, {rounds} rounds of {steps} dense then {steps} masked steps"));
            Console.WriteLine(string.Create(inv,
                $"dense_step_ms {1000 * Median(denseTimes):F3} masked_step_ms {1000 * Median(maskedTimes):F3} ratio_median {Median(ratios):F3}"));
            return 0;
        }
        finally
        {
            dense.Cleanup();
            masked.Cleanup();
        }
    }
}
