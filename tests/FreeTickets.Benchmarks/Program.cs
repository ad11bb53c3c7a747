using System.Globalization;
using BenchmarkDotNet.Running;
using FreeTickets.Benchmarks.Infrastructure;

namespace FreeTickets.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher plus <c>--threads N</c> (torch intra-op threads, default 1) and an exit code
/// that tells whether every selected benchmark was measured (0), some failed (1), or the command line was bad (2).
/// </summary>
internal static class Program
{
    private static readonly string[] _infoOnlyOptions = ["--list", "--help", "-h", "-?", "--info", "--version"];

    public static int Main(string[] args)
    {
        if (!TryExtractThreads(args, out var rest, out var threads, out var error))
        {
            Console.Error.WriteLine(error);
            return 2;
        }

        // Children inherit the environment, so the count reaches out-of-process and in-process runs alike. Without
        // --threads the variable is left as found (unset means 1; a bad value fails in the benchmark process's setup).
        if (threads is { } n)
        {
            Environment.SetEnvironmentVariable(BenchmarkTorch.ThreadsVariable, n.ToString(CultureInfo.InvariantCulture));
        }

        // Not a BenchmarkDotNet run: issue 6's data-pipeline ratio, epochs and steps interleaved in this process.
        if (rest.Length >= 2 && rest[0] == "--pipeline")
        {
            var epochs = 4;
            var model = "mlp-300-100";
            for (var i = 2; i + 1 < rest.Length; i += 2)
            {
                switch (rest[i])
                {
                    case "--epochs": epochs = int.Parse(rest[i + 1], CultureInfo.InvariantCulture); break;
                    case "--model": model = rest[i + 1]; break;
                    default:
                        Console.Error.WriteLine($"--pipeline: unknown option '{rest[i]}' (expected --epochs E or --model M)");
                        return 2;
                }
            }

            return Training.PipelineCheck.Run(rest[1], epochs, model);
        }

        // Not a BenchmarkDotNet run either: masked / dense step ratio with the two interleaved in this process.
        if (rest.Length >= 2 && rest[0] == "--masked-ratio")
        {
            var rounds = rest.Length >= 4 && rest[2] == "--rounds" ? int.Parse(rest[3], CultureInfo.InvariantCulture) : 20;
            return Training.MaskedRatioCheck.Run(rest[1], rounds);
        }

        // Issue 17's sparse kernels: training step and ensemble inference against dense, interleaved in this process.
        if (rest.Length >= 1 && rest[0] == "--sparse-crossover")
        {
            var rounds = rest.Length >= 3 && rest[1] == "--rounds" ? int.Parse(rest[2], CultureInfo.InvariantCulture) : 9;
            return Training.SparseRatioCheck.Crossover(rounds);
        }

        if (rest.Length >= 2 && rest[0] is "--sparse-ratio" or "--sparse-inference" or "--sparse-conv")
        {
            return SparseCheck(rest);
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, BenchmarkSuiteConfig.Create()).ToList();
        if (rest.Any(a => _infoOnlyOptions.Any(o => a.StartsWith(o, StringComparison.OrdinalIgnoreCase))))
        {
            return 0;
        }

        var problems = SummaryVerdict.Problems(summaries);
        if (problems.Count > 0)
        {
            Console.Error.WriteLine($"FreeTickets.Benchmarks: {problems.Count} problem(s):");
            foreach (var problem in problems)
            {
                Console.Error.WriteLine("  " + problem);
            }

            return 1;
        }

        var cases = summaries.Sum(s => s.BenchmarksCases.Length);
        Console.WriteLine($"FreeTickets.Benchmarks: all {cases} benchmark case(s) measured (torch threads: {Environment.GetEnvironmentVariable(BenchmarkTorch.ThreadsVariable) ?? "1"}).");
        return 0;
    }

    private static int SparseCheck(string[] rest)
    {
        var sparsity = 0.9;
        var rounds = 20;
        var members = 3;
        var inv = CultureInfo.InvariantCulture;
        for (var i = 2; i < rest.Length; i += 2)
        {
            var value = i + 1 < rest.Length ? rest[i + 1] : null;
            var ok = value is not null && rest[i] switch
            {
                "--sparsity" => double.TryParse(value, NumberStyles.Float, inv, out sparsity) && sparsity is >= 0 and < 1,
                "--rounds" => int.TryParse(value, NumberStyles.None, inv, out rounds) && rounds >= 1,
                "--members" => rest[0] == "--sparse-inference" && int.TryParse(value, NumberStyles.None, inv, out members) && members >= 1,
                "--lanes" => Enum.TryParse<Core.Sparsity.Execution.KernelLanes>(value, ignoreCase: true, out var lanes)
                    && !int.TryParse(value, out _) && TrySetLanes(lanes),
                _ => false,
            };
            if (!ok)
            {
                Console.Error.WriteLine($"{rest[0]}: bad option '{rest[i]} {value}' (expected --sparsity S in [0, 1), --rounds R >= 1, "
                    + $"--lanes scalar|avx2|avx512 (at most {Core.Sparsity.Execution.SparseKernels.Best}){(rest[0] == "--sparse-inference" ? ", --members M >= 1" : "")})");
                return 2;
            }
        }

        if (!ArchitectureCase.Names.Contains(rest[1]))
        {
            Console.Error.WriteLine($"{rest[0]}: unknown architecture '{rest[1]}' (known: {string.Join(", ", ArchitectureCase.Names)})");
            return 2;
        }

        return rest[0] switch
        {
            "--sparse-ratio" => Training.SparseRatioCheck.Training(rest[1], sparsity, rounds),
            "--sparse-conv" => Training.SparseConvStudy.Run(rest[1], sparsity, rounds),
            _ => Training.SparseRatioCheck.Inference(rest[1], sparsity, members, rounds),
        };
    }

    private static bool TrySetLanes(Core.Sparsity.Execution.KernelLanes lanes)
    {
        if (lanes > Core.Sparsity.Execution.SparseKernels.Best)
        {
            return false;
        }

        Core.Sparsity.Execution.SparseKernels.Lanes = lanes;
        return true;
    }

    private static bool TryExtractThreads(string[] args, out string[] rest, out int? threads, out string error)
    {
        var list = new List<string>(args.Length);
        threads = null;
        error = "";
        string? value = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--threads")
            {
                if (i + 1 >= args.Length)
                {
                    rest = args;
                    error = "--threads needs a value";
                    return false;
                }

                value = args[++i];
            }
            else if (args[i].StartsWith("--threads=", StringComparison.Ordinal))
            {
                value = args[i]["--threads=".Length..];
            }
            else
            {
                list.Add(args[i]);
            }
        }

        rest = [.. list];
        if (value is null)
        {
            return true;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            error = $"--threads must be a positive integer (got '{value}')";
            return false;
        }

        threads = n;
        return true;
    }
}
