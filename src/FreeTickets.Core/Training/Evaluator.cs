using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Core.Training;

/// <summary>Batched inference producing softmax probabilities on the CPU (float32 [N, C]).</summary>
public static class Evaluator
{
    /// <summary>Softmax predictions of <paramref name="model"/> in eval mode; the model's mode is restored.</summary>
    public static Tensor Predict(nn.Module<Tensor, Tensor> model, Tensor inputs, int batchSize)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            var n = inputs.shape[0];
            var parts = new List<Tensor>();
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var batch = inputs.narrow(0, start, Math.Min(batchSize, n - start));
                parts.Add(nn.functional.softmax(model.forward(batch), 1).to(ScalarType.Float32).cpu().MoveToOuterDisposeScope());
            }

            var all = cat(parts, 0);
            parts.ForEach(p => p.Dispose());
            return all;
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
