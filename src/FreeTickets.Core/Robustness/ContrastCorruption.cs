using static TorchSharp.torch;

namespace FreeTickets.Core.Robustness;

/// <summary>
/// Contrast reduction around each image's mean (over channels and pixels): m + c (pixel - m), factor c per severity 0.4,
/// 0.3, 0.2, 0.1, 0.05 (CIFAR-10-C's).
/// </summary>
public sealed class ContrastCorruption : ICorruption
{
    /// <inheritdoc />
    public string Name => "contrast";

    /// <inheritdoc />
    public IReadOnlyList<double> Parameters { get; } = [0.4, 0.3, 0.2, 0.1, 0.05];

    /// <inheritdoc />
    public Tensor Apply(Tensor pixels, int severity, Generator generator)
    {
        var factor = Parameters[Corruptions.CheckSeverity(severity) - 1];
        using var mean = pixels.mean([1, 2, 3], keepdim: true);
        using var centred = pixels.sub(mean);
        using var scaled = centred.mul(factor);
        return scaled.add(mean);
    }
}
