using FreeTickets.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.Vgg;

/// <summary>
/// VGG-16 configuration C (Simonyan and Zisserman, "Very Deep Convolutional Networks for Large-Scale Image Recognition",
/// ICLR 2015, table 1) as the sparse-training literature trains it on CIFAR (SNIP, Lee et al. 2019; SNFS, Dettmers and
/// Zettlemoyer 2019; the <c>vgg-c</c> of the FreeTickets / GraNet <c>sparselearning/models.py</c>): thirteen
/// convolutions with bias, each followed by BatchNorm and ReLU, channels 64, 64, M, 128, 128, M, 256, 256, 256(1x1), M,
/// 512, 512, 512(1x1), M, 512, 512, 512(1x1), M; then fc 512 - ReLU - BatchNorm1d - fc 512 - ReLU - BatchNorm1d -
/// fc classes. Parameter names are the reference's (<c>features.0</c>, <c>features.1</c>, ..., <c>classifier.6</c>).
/// </summary>
/// <remarks>
/// Like the reference, every convolution has padding 1, the three 1x1 ones too, so each 1x1 convolution widens its map
/// by 2 pixels: a 32x32 input leaves 512x2x2 = 2,048 features for the classifier (the reference's <c>Linear(2048,
/// 512)</c>), and the flattened size follows the input. With 10 classes at 3x32x32 the network has 11,323,466
/// parameters (9,996,096 in convolutions, 8,448 in their BatchNorms, 1,318,922 in the classifier). The reference
/// returns log-probabilities; this returns the logits (the engine's cross-entropy and softmax are the same).
/// Initialisation is PyTorch's default, as in the reference.
/// </remarks>
public sealed class VggCArchitecture : IArchitecture
{
    /// <inheritdoc />
    public string Name => "vgg-c";

    /// <inheritdoc />
    public string Description => "VGG-16 config C with BatchNorm and a 512-512 classifier, as in SNIP/SNFS/FreeTickets (Simonyan and Zisserman 2015)";

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Create(ArchitectureSpec spec)
    {
        if (spec.InputShape.Count != 3)
        {
            throw new ArgumentException($"vgg-c needs [channels, height, width] inputs, got [{string.Join(", ", spec.InputShape)}]", nameof(spec));
        }

        var (height, width) = (VggCModule.FeatureSide(spec.InputShape[1]), VggCModule.FeatureSide(spec.InputShape[2]));
        if (height < 1 || width < 1)
        {
            throw new ArgumentException($"vgg-c needs inputs of at least 4x4 (it pools 5 times), got {spec.InputShape[1]}x{spec.InputShape[2]}", nameof(spec));
        }

        return new VggCModule(spec.InputShape[0], VggCModule.Channels * height * width, spec.NumClasses);
    }
}
