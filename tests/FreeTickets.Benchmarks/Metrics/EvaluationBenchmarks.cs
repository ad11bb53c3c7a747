using BenchmarkDotNet.Attributes;
using FreeTickets.Benchmarks.Infrastructure;
using FreeTickets.Core.Metrics;
using static TorchSharp.torch;

namespace FreeTickets.Benchmarks.Metrics;

/// <summary>
/// The metrics of one cell on a 10k-example, 10-class test set with 3 members: one member's classification metrics
/// (accuracy, NLL, ECE, Brier), the ensemble's diversity (disagreement, pairwise KL), and everything <c>CellResults</c>
/// computes (every member, the mean-of-softmax ensemble, diversity).
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet generates a subclass of every benchmark class.</remarks>
public class EvaluationBenchmarks
{
    private const int Examples = 10_000;
    private const int Classes = 10;
    private const int Members = 3;
    private Tensor[] _members = [];
    private Tensor? _labels;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkTorch.Initialize();
        manual_seed(5);
        _labels = randint(0, Classes, [Examples], dtype: ScalarType.Int64);
        _members = [.. Enumerable.Range(0, Members).Select(_ =>
        {
            // Confident and mostly right, like a trained member, so every ECE bin and both argmax outcomes occur.
            using var logits = randn(Examples, Classes).mul(2.0);
            using var boost = nn.functional.one_hot(_labels, Classes).to(ScalarType.Float32).mul(3.0);
            return nn.functional.softmax(logits.add(boost), 1);
        })];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var m in _members)
        {
            m.Dispose();
        }

        _labels?.Dispose();
    }

    /// <summary>Accuracy, NLL, ECE (15 bins) and Brier of one member.</summary>
    [Benchmark(Baseline = true)]
    public ClassificationMetrics MemberClassification() => ClassificationMetricsCalculator.Compute(_members[0], _labels!);

    /// <summary>Mean pairwise disagreement and KL of the 3 members.</summary>
    [Benchmark]
    public EnsembleMetrics EnsembleDiversity() => EnsembleMetricsCalculator.Compute(_members);

    /// <summary>Every member's metrics, the ensemble (mean of softmax) metrics and diversity, as <c>CellResults.Build</c>.</summary>
    [Benchmark]
    public double CellMetrics()
    {
        var perMember = _members.Select(m => ClassificationMetricsCalculator.Compute(m, _labels!)).ToList();
        using var stacked = stack(_members);
        using var ensembleProbabilities = stacked.mean([0]);
        var ensemble = ClassificationMetricsCalculator.Compute(ensembleProbabilities, _labels!);
        var diversity = EnsembleMetricsCalculator.Compute(_members);
        return ensemble.Accuracy + perMember.Average(m => m.Accuracy) + diversity.Disagreement;
    }
}
