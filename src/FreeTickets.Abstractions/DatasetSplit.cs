using static TorchSharp.torch;

namespace FreeTickets.Abstractions;

/// <summary>One loaded split. The caller owns and disposes the tensors.</summary>
/// <param name="Inputs">float32 [N, C, H, W], normalised.</param>
/// <param name="Labels">int64 [N].</param>
public sealed record DatasetSplit(Tensor Inputs, Tensor Labels) : IDisposable
{
    /// <summary>Number of examples.</summary>
    public long Count => Labels.shape[0];

    /// <summary>Disposes both tensors.</summary>
    public void Dispose()
    {
        Inputs.Dispose();
        Labels.Dispose();
    }
}
