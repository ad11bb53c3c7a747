using FreeTickets.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.ResNet;

/// <summary>
/// torchvision's ImageNet ResNets (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016; the V1.5
/// bottleneck with the stride on the 3x3 convolution, as torchvision): conv 7x7/2 (64) - BN - ReLU - max pool 3x3/2 -
/// four stages of widths 64, 128, 256, 512 (strides 1, 2, 2, 2) - adaptive average pooling to 1x1 - fc. A block's
/// shortcut is a 1x1 convolution with BatchNorm (<c>downsample.0</c>, <c>downsample.1</c>) where the stride or width
/// changes (computed as subsampling then a stride-1 1x1 convolution, which is the same function: see
/// <c>ShortcutProjection</c>). Parameter names are torchvision's (<c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c>, <c>fc</c>), and so is
/// the initialisation: convolutions He-normal with fan-out, BatchNorm weight 1 and bias 0, fc PyTorch's default.
/// </summary>
/// <remarks>
/// The stem is ImageNet's (for users with the data); thanks to the adaptive pooling the networks also run on small
/// inputs (a 32x32 or 16x16 image reaches the last stage at 1x1), though a CIFAR-style 3x3 stem would suit those better.
/// The input channels follow the dataset.
/// </remarks>
public abstract class ResNetArchitecture : IArchitecture
{
    /// <summary>Configures the depth.</summary>
    /// <param name="depth">Nominal depth (18, 34, 50, ...), used in the name.</param>
    /// <param name="bottleneck">Bottleneck blocks (1x1, 3x3, 1x1 with 4x expansion) instead of basic ones (3x3, 3x3).</param>
    /// <param name="blocks">Blocks per stage.</param>
    protected ResNetArchitecture(int depth, bool bottleneck, int[] blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Length != 4 || blocks.Any(b => b < 1))
        {
            throw new ArgumentException("a ResNet has four stages of at least one block each", nameof(blocks));
        }

        Depth = depth;
        Bottleneck = bottleneck;
        Blocks = [.. blocks];
    }

    /// <summary>Nominal depth.</summary>
    public int Depth { get; }

    /// <summary>Whether the blocks are bottlenecks.</summary>
    public bool Bottleneck { get; }

    /// <summary>Blocks per stage.</summary>
    public IReadOnlyList<int> Blocks { get; }

    /// <inheritdoc />
    public string Name => $"resnet-{Depth}";

    /// <inheritdoc />
    public string Description => $"ResNet-{Depth} (He et al. 2016), torchvision's ImageNet layout with adaptive average pooling";

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Create(ArchitectureSpec spec)
    {
        if (spec.InputShape.Count != 3)
        {
            throw new ArgumentException($"{Name} needs [channels, height, width] inputs, got [{string.Join(", ", spec.InputShape)}]", nameof(spec));
        }

        return new ResNetModule(spec.InputShape[0], Bottleneck, Blocks, spec.NumClasses);
    }
}
