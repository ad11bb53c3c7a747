using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Abstractions;

/// <summary>A network family the benchmark can train (for example <c>mlp-300-100</c> or <c>wrn-28-10</c>).</summary>
public interface IArchitecture : IPlugin
{
    /// <summary>
    /// Builds a freshly initialised model for inputs of <see cref="ArchitectureSpec.InputShape"/> that returns
    /// logits of shape [batch, <see cref="ArchitectureSpec.NumClasses"/>]. Initialisation must draw from the
    /// global torch generator, which the engine seeds before calling this.
    /// Use PyTorch parameter names (<c>conv1</c>, <c>bn1</c>, <c>fc</c>) so checkpoints are interchangeable.
    /// Invoke submodules with <c>module.call(x)</c>, not <c>module.forward(x)</c>: the engine counts FLOPs with
    /// forward hooks, and TorchSharp fires hooks only through <c>call</c> (a layer that never fires is an error).
    /// </summary>
    /// <param name="spec">Input shape and number of classes.</param>
    nn.Module<Tensor, Tensor> Create(ArchitectureSpec spec);

    /// <summary>
    /// Whether a parameter is sparsified. The default follows the paper: weights of rank 2 or more (linear and
    /// convolution weights); biases and normalisation parameters stay dense.
    /// </summary>
    /// <param name="parameterName">Name as in the state_dict.</param>
    /// <param name="parameter">The parameter tensor.</param>
    bool IsSparsifiable(string parameterName, Tensor parameter) => parameter.dim() >= 2;
}
