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
/// <param name="Momentum">SGD momentum buffer of the weight, or <c>null</c> when the optimizer has none yet.</param>
public sealed record MaskedLayer(string Name, Tensor Weight, Tensor Mask, Tensor? Gradient, Tensor? Momentum)
{
    /// <summary>Number of weights in the layer.</summary>
    public long Count => Weight.numel();
}
