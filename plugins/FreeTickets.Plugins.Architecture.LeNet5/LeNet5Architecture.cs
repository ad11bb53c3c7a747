using FreeTickets.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.LeNet5;

/// <summary>
/// LeNet-5 (LeCun et al. 1998) as commonly written in PyTorch: conv 6@5x5 - ReLU - maxpool 2 - conv 16@5x5 - ReLU -
/// maxpool 2 - fc 120 - fc 84 - fc classes, no padding; the flattened size follows the input (16x4x4 for 1x28x28,
/// 16x5x5 for 3x32x32).
/// </summary>
public sealed class LeNet5Architecture : IArchitecture
{
    /// <inheritdoc />
    public string Name => "lenet5";

    /// <inheritdoc />
    public string Description => "LeNet-5 (LeCun et al. 1998): conv 6@5x5, conv 16@5x5, fc 120-84, ReLU, max pooling";

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Create(ArchitectureSpec spec)
    {
        if (spec.InputShape.Count != 3)
        {
            throw new ArgumentException($"lenet5 needs [channels, height, width] inputs, got [{string.Join(", ", spec.InputShape)}]", nameof(spec));
        }

        var (h, w) = (Features(spec.InputShape[1]), Features(spec.InputShape[2]));
        if (h < 1 || w < 1)
        {
            throw new ArgumentException($"lenet5 needs inputs of at least 16x16, got {spec.InputShape[1]}x{spec.InputShape[2]}", nameof(spec));
        }

        return new LeNet5Module(spec.InputShape[0], 16 * h * w, spec.NumClasses);
    }

    /// <summary>Side after conv 5x5 (no padding), pool 2, conv 5x5, pool 2.</summary>
    internal static long Features(long side) => (((side - 4) / 2) - 4) / 2;
}
