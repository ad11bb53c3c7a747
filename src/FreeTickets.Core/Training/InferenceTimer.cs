using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Core.Training;

/// <summary>
/// Measures a model's inference time: forward passes (eval mode, no gradient, softmax included, as evaluation does) of a
/// batch of 128 and of 1 test example, warm-up passes first, then the median of timed passes. The number of timed passes
/// adapts to the model's speed (at least <see cref="MinPasses"/>, at most <see cref="MaxPasses"/>, stopping after about
/// <see cref="Budget"/> seconds per batch size), so a large network costs seconds, not minutes.
/// </summary>
public static class InferenceTimer
{
    /// <summary>Warm-up passes before timing.</summary>
    public const int WarmupPasses = 2;

    /// <summary>Fewest timed passes.</summary>
    public const int MinPasses = 5;

    /// <summary>Most timed passes.</summary>
    public const int MaxPasses = 51;

    /// <summary>Seconds of timed passes per batch size after which timing stops (once <see cref="MinPasses"/> ran).</summary>
    public const double Budget = 0.5;

    /// <summary>Times <paramref name="model"/> on the first examples of <paramref name="inputs"/> (fewer than 128 when the set is smaller).</summary>
    public static InferenceTiming Measure(nn.Module<Tensor, Tensor> model, Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            using var batch = inputs.narrow(0, 0, Math.Min(128, inputs.shape[0])).contiguous();
            using var single = inputs.narrow(0, 0, 1).contiguous();
            return new InferenceTiming(Median(model, batch), Median(model, single));
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static double Median(nn.Module<Tensor, Tensor> model, Tensor batch)
    {
        for (var i = 0; i < WarmupPasses; i++)
        {
            Pass(model, batch);
        }

        var times = new List<double>(MaxPasses);
        var spent = 0.0;
        while (times.Count < MaxPasses && (times.Count < MinPasses || spent < Budget))
        {
            var start = Stopwatch.GetTimestamp();
            Pass(model, batch);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            times.Add(seconds);
            spent += seconds;
        }

        times.Sort();
        return times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
    }

    private static void Pass(nn.Module<Tensor, Tensor> model, Tensor batch)
    {
        using var scope = NewDisposeScope();
        using var probabilities = nn.functional.softmax(model.forward(batch), 1);
    }
}
