using static TorchSharp.torch;

namespace FreeTickets.Core.Robustness;

/// <summary>Additive Gaussian noise: pixel + sigma * N(0, 1), sigma per severity 0.08, 0.12, 0.18, 0.26, 0.38 (CIFAR-10-C's).</summary>
public sealed class GaussianNoiseCorruption : ICorruption
{
    /// <inheritdoc />
    public string Name => "gaussian-noise";

    /// <inheritdoc />
    public IReadOnlyList<double> Parameters { get; } = [0.08, 0.12, 0.18, 0.26, 0.38];

    /// <inheritdoc />
    public Tensor Apply(Tensor pixels, int severity, Generator generator)
    {
        var sigma = Parameters[Corruptions.CheckSeverity(severity) - 1];
        using var noise = randn(pixels.shape, dtype: pixels.dtype, generator: generator);
        using var onDevice = noise.to(pixels.device);
        return pixels.add(onDevice, alpha: sigma);
    }
}
