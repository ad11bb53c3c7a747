using static TorchSharp.torch;

namespace FreeTickets.Core.Sparsity;

/// <summary>
/// The optimizer's momentum buffers by parameter name, as the mask update needs them: shown to the plugins, and masked so
/// that pruned weights keep zero momentum. The optimizer implements it, so the sparse engine does not depend on training.
/// </summary>
public interface IMomentumBuffers
{
    /// <summary>The momentum buffer of the named parameter, or null when it has none (before its first step, or without momentum).</summary>
    Tensor? MomentumOf(string name);
}
