using static TorchSharp.torch;

namespace FreeTickets.Abstractions;

/// <summary>
/// Read-only view of one sparsifiable weight during a topology update. Plugins must not modify these tensors
/// and must not dispose them: the engine owns them.
/// </summary>
/// <param name="Name">Parameter name as in the model's state_dict (for example <c>fc1.weight</c>).</param>
/// <param name="Weight">The weight (masked: inactive entries are zero).</param>
/// <param name="Mask">0/1 tensor of the weight's shape and dtype; 1 marks an active weight.</param>
/// <param name="Gradient">Dense gradient of the loss with respect to the weight at the last step, or <c>null</c>
/// when none has been computed yet.</param>
/// <param name="Momentum">SGD momentum buffer of the weight, or <c>null</c> when the optimizer has none yet. The engine
/// masks it in every step, so it is zero at inactive positions; see <see cref="GradientMomentum"/> for a dense one.</param>
public sealed record MaskedLayer(string Name, Tensor Weight, Tensor Mask, Tensor? Gradient, Tensor? Momentum)
{
    /// <summary>
    /// Momentum of the dense gradient, buf = beta * buf + g over every step so far (beta: the optimizer's momentum factor),
    /// kept by the engine only when the run's regrowth rule asks for <see cref="GradientStatistics.Momentum"/>; otherwise
    /// <c>null</c>. Unlike <see cref="Momentum"/>, which the engine masks in every step, it is dense: inactive positions
    /// hold the momentum of their gradient, which is what SNFS grows by.
    /// </summary>
    public Tensor? GradientMomentum { get; init; }

    /// <summary>
    /// Exponential average of the squared dense gradient, v = 0.999 * v + 0.001 * g * g, kept by the engine only when the
    /// run's regrowth rule asks for <see cref="GradientStatistics.SquareAverage"/>; otherwise <c>null</c>.
    /// </summary>
    public Tensor? GradientSquareAverage { get; init; }

    /// <summary>Number of weights in the layer.</summary>
    public long Count => Weight.numel();
}
