using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using FreeTickets.Benchmarks.Infrastructure;
using FreeTickets.Core.Training;
using static TorchSharp.torch;

namespace FreeTickets.Benchmarks.Training;

/// <summary>
/// <c>--pipeline DIR [--epochs E] [--model M]</c>: issue 6's data-pipeline ratio, measured in one process with the
/// engine's own <see cref="TrainingLoop"/>. Dense mlp-300-100 (or M: lenet5) on MNIST (the IDX files in DIR, 10% validation hold-out, batch 128, SGD
/// 0.1/0.9/5e-4). Rounds alternate one full epoch (training pass + validation pass, as a cell runs it) with 100 single
/// steps on one resident batch (pure compute: index, forward, loss, backward, SGD, bookkeeping). Prints epoch wall time,
/// median step time and epoch / (steps x median step); the first epoch (warm-up) is left out of the medians.
/// </summary>
internal static class PipelineCheck
{
    public static int Run(string dataDir, int epochs, string model)
    {
        BenchmarkTorch.Initialize();
        var arch = ArchitectureCase.Get(model);
        using var images = ReadImages(Path.Combine(dataDir, "train-images-idx3-ubyte"));
        using var labels = ReadLabels(Path.Combine(dataDir, "train-labels-idx1-ubyte"));
        using var data = TrainingData.Split(images, labels, images.narrow(0, 0, 0), labels.narrow(0, 0, 0), 10, 0.1, 1);
        manual_seed(1);
        using var network = arch.Architecture.Create(arch.Spec);
        var named = network.named_parameters().ToList();
        using var optimizer = new SgdOptimizer(named, 0.1, 0.9, 5e-4);
        using var generator = new Generator(1);
        var dataset = new FixedBatchDataset(arch.Spec);
        var epochLoop = new TrainingLoop(network, optimizer, null, dataset, data, arch.BatchSize, generator);
        using var batchInputs = data.TrainInputs.narrow(0, 0, arch.BatchSize).clone();
        using var batchLabels = data.TrainLabels.narrow(0, 0, arch.BatchSize).clone();
        using var oneBatch = new TrainingData(batchInputs.alias(), batchLabels.alias(), batchInputs.narrow(0, 0, 0), batchLabels.narrow(0, 0, 0),
            batchInputs.narrow(0, 0, 0), batchLabels.narrow(0, 0, 0), 10);

        // Same model and optimizer; a tiny learning rate so that repeating one batch does not change what the kernels see.
        // Each one-batch "epoch" takes the path of an ordinary step, not that of an epoch's last (which keeps its gradient).
        var stepLoop = new TrainingLoop(network, optimizer, null, dataset, oneBatch, arch.BatchSize, generator) { KeepGradientAtEpochEnd = false };
        var steps = (data.TrainCount + arch.BatchSize - 1) / arch.BatchSize;
        var epochSeconds = new List<double>();
        var stepSeconds = new List<double>();
        for (var round = 0; round < epochs; round++)
        {
            var start = Stopwatch.GetTimestamp();
            epochLoop.RunEpoch(0.1, CancellationToken.None);
            epochLoop.Measure(data.ValInputs, data.ValLabels, 1000);
            epochSeconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            for (var i = 0; i < 100; i++)
            {
                var s = Stopwatch.GetTimestamp();
                stepLoop.RunEpoch(1e-5, CancellationToken.None);
                stepSeconds.Add(Stopwatch.GetElapsedTime(s).TotalSeconds);
            }
        }

        var epoch = Median(epochSeconds.Skip(1).DefaultIfEmpty(epochSeconds[0]));
        var step = Median(stepSeconds.Skip(100).DefaultIfEmpty(stepSeconds[0]));
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"pipeline: {model} MNIST batch {arch.BatchSize}, {steps} steps/epoch, threads {BenchmarkTorch.RequestedThreads}"));
        Console.WriteLine(string.Create(inv, $"epochs (s): {string.Join(" ", epochSeconds.Select(e => e.ToString("F3", inv)))}"));
        Console.WriteLine(string.Create(inv, $"epoch_seconds_median {epoch:F4} step_seconds_median {step:F6} ratio {epoch / (steps * step):F3}"));
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static Tensor ReadImages(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var n = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        using var raw = tensor(bytes.AsSpan(16).ToArray(), [n, 1, 28, 28]);
        using var scaled = raw.to(ScalarType.Float32).div_(255.0);
        return scaled.sub(0.1307).div_(0.3081);
    }

    private static Tensor ReadLabels(string path)
    {
        var bytes = File.ReadAllBytes(path);
        using var raw = tensor(bytes.AsSpan(8).ToArray(), [bytes.Length - 8]);
        return raw.to(ScalarType.Int64);
    }
}
