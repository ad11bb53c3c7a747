using FreeTickets.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.WideResNet;

/// <summary>
/// Wide ResNet-depth-k (Zagoruyko and Komodakis 2016) as in the FreeTickets / sparse-learning code: conv 3x3 (16),
/// three groups of (depth - 4) / 6 pre-activation basic blocks of widths 16k, 32k, 64k (strides 1, 2, 2) with a 1x1
/// shortcut conv where the width changes, then BN - ReLU - global average pooling - fc. No dropout (the code's
/// models use rate 0). Parameter names: <c>conv1</c>, <c>block1.0.conv1</c>, <c>block1.0.convShortcut</c>, ...,
/// <c>bn1</c>, <c>fc</c> (the original nests one more level, <c>block1.layer.0</c>).
/// </summary>
public abstract class WideResNetArchitecture : IArchitecture
{
    /// <summary>Configures the depth and widen factor.</summary>
    /// <param name="depth">Total depth; (depth - 4) must be a multiple of 6.</param>
    /// <param name="widenFactor">Width multiplier k.</param>
    protected WideResNetArchitecture(int depth, int widenFactor)
    {
        if (depth < 10 || (depth - 4) % 6 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "Wide ResNet depth must be 6n + 4 with n >= 1");
        }

        Depth = depth;
        WidenFactor = widenFactor;
    }

    /// <summary>Total depth.</summary>
    public int Depth { get; }

    /// <summary>Width multiplier k.</summary>
    public int WidenFactor { get; }

    /// <inheritdoc />
    public string Name => $"wrn-{Depth}-{WidenFactor}";

    /// <inheritdoc />
    public string Description => $"Wide ResNet-{Depth}-{WidenFactor} (Zagoruyko and Komodakis 2016), pre-activation, as in FreeTickets";

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Create(ArchitectureSpec spec)
    {
        if (spec.InputShape.Count != 3)
        {
            throw new ArgumentException($"{Name} needs [channels, height, width] inputs, got [{string.Join(", ", spec.InputShape)}]", nameof(spec));
        }

        return new WideResNetModule(spec.InputShape[0], Depth, WidenFactor, spec.NumClasses);
    }
}
