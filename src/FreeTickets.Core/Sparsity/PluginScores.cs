using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Core.Sparsity;

/// <summary>
/// The guards on a score a pruning criterion or regrowth rule returns: a plugin bug becomes an error naming the plugin
/// and the layer, before the score can pick a wrong set of weights or free a tensor the engine still uses.
/// </summary>
internal static class PluginScores
{
    /// <summary>The score when it is a new tensor of the layer's shape on its device; otherwise an error (and the score is freed).</summary>
    /// <param name="score">What the plugin returned.</param>
    /// <param name="layer">The view the plugin was shown.</param>
    /// <param name="kind">"pruning criterion" or "regrowth rule".</param>
    /// <param name="pluginName">The plugin's name.</param>
    /// <exception cref="InvalidOperationException">The score is missing, engine-owned, or of the wrong shape or device.</exception>
    public static Tensor Checked(Tensor? score, MaskedLayer layer, string kind, string pluginName)
    {
        if (score is null)
        {
            throw new InvalidOperationException($"{kind} '{pluginName}' returned no score for layer '{layer.Name}'");
        }

        if (ReferenceEquals(score, layer.Weight) || ReferenceEquals(score, layer.Mask)
            || ReferenceEquals(score, layer.Gradient) || ReferenceEquals(score, layer.Momentum)
            || ReferenceEquals(score, layer.GradientMomentum) || ReferenceEquals(score, layer.GradientSquareAverage))
        {
            throw new InvalidOperationException(
                $"{kind} '{pluginName}' returned an engine-owned tensor as the score for layer '{layer.Name}'; return a new tensor");
        }

        if (!score.shape.SequenceEqual(layer.Weight.shape))
        {
            var got = string.Join("x", score.shape);
            score.Dispose();
            throw new InvalidOperationException(
                $"{kind} '{pluginName}' returned a score of shape [{got}] for layer '{layer.Name}' of shape [{string.Join("x", layer.Weight.shape)}]");
        }

        if (score.device_type != layer.Weight.device_type)
        {
            score.Dispose();
            throw new InvalidOperationException(
                $"{kind} '{pluginName}' returned a score on {score.device_type} for layer '{layer.Name}' on {layer.Weight.device_type}");
        }

        return score;
    }
}
