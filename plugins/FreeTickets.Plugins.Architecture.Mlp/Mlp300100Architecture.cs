using FreeTickets.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.Mlp;

/// <summary>LeNet-300-100 (LeCun et al. 1998): input -> 300 -> 100 -> classes, ReLU, flattening any input shape.</summary>
public sealed class Mlp300100Architecture : IArchitecture
{
    /// <inheritdoc />
    public string Name => "mlp-300-100";

    /// <inheritdoc />
    public string Description => "LeNet-300-100 multilayer perceptron (LeCun et al. 1998)";

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Create(ArchitectureSpec spec)
    {
        var inputs = spec.InputShape.Aggregate(1L, (a, b) => a * b);
        return new MlpModule(inputs, spec.NumClasses);
    }
}
