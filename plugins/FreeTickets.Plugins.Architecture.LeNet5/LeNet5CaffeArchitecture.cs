using FreeTickets.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.LeNet5;

/// <summary>
/// LeNet-5-Caffe, the LeNet-5 of Caffe's MNIST example as the released FreeTickets code (and SNIP before it) trains it:
/// conv 20@5x5 - ReLU - maxpool 2 - conv 50@5x5 - ReLU - maxpool 2 - fc 500 - ReLU - fc classes, no padding
/// (431,080 parameters on 1x28x28 MNIST). Wider than <see cref="LeNet5Architecture"/>, so ERK leaves its layers sparser.
/// </summary>
public sealed class LeNet5CaffeArchitecture : IArchitecture
{
    /// <inheritdoc />
    public string Name => "lenet5-caffe";

    /// <inheritdoc />
    public string Description => "LeNet-5-Caffe (the released FreeTickets code's LeNet-5): conv 20@5x5, conv 50@5x5, fc 500, ReLU, max pooling";

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Create(ArchitectureSpec spec)
    {
        if (spec.InputShape.Count != 3)
        {
            throw new ArgumentException($"lenet5-caffe needs [channels, height, width] inputs, got [{string.Join(", ", spec.InputShape)}]", nameof(spec));
        }

        var (h, w) = (LeNet5Architecture.Features(spec.InputShape[1]), LeNet5Architecture.Features(spec.InputShape[2]));
        if (h < 1 || w < 1)
        {
            throw new ArgumentException($"lenet5-caffe needs inputs of at least 16x16, got {spec.InputShape[1]}x{spec.InputShape[2]}", nameof(spec));
        }

        return new LeNet5CaffeModule(spec.InputShape[0], 50 * h * w, spec.NumClasses);
    }
}
