using static TorchSharp.torch;

namespace FreeTickets.Abstractions;

/// <summary>
/// How a <see cref="SparseLinear"/> layer computes while the engine runs its network sparsely (<c>sparse.execution:
/// sparse</c>). The engine attaches one to each fully connected layer sparse enough to win and detaches it afterwards;
/// plugins never implement it.
/// </summary>
public interface ILinearExecution
{
    /// <summary>
    /// y = x W^T + b with the layer's weight and bias, computed from the active weights only (differentiable).
    /// Returns null when this input cannot run sparsely (the layer then computes densely).
    /// </summary>
    Tensor? Forward(Tensor input, Tensor weight, Tensor? bias);
}
