using static TorchSharp.torch;

namespace FreeTickets.Abstractions;

/// <summary>The real contract's MaskedLayer has no <see cref="Density"/>.</summary>
public sealed record MaskedLayer(string Name, Tensor Weight, Tensor Mask, Tensor? Gradient, Tensor? Momentum)
{
    /// <summary>A member that does not exist in the real contract.</summary>
    public double Density => Mask.mean().item<float>();
}
