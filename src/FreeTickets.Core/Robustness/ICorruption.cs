using static TorchSharp.torch;

namespace FreeTickets.Core.Robustness;

/// <summary>
/// A generated corruption of images in pixel space, in the spirit of MNIST-C and CIFAR-10-C (Hendrycks and Dietterich,
/// ICLR 2019): batched tensor ops, deterministic for a severity (and, for random ones, the generator given).
/// </summary>
public interface ICorruption
{
    /// <summary>Configuration key (<c>evaluation.corruptions</c>), lowercase kebab-case.</summary>
    string Name { get; }

    /// <summary>The parameter of each severity 1-5 (noise or blur sigma, degrees, contrast factor), index 0 = severity 1.</summary>
    IReadOnlyList<double> Parameters { get; }

    /// <summary>Corrupts <paramref name="pixels"/> ([B, C, H, W] in [0, 1]); the result may leave [0, 1] (the caller clamps).</summary>
    /// <param name="pixels">The images; not modified.</param>
    /// <param name="severity">1 (mild) to 5 (strong).</param>
    /// <param name="generator">Seeded generator for random corruptions (ignored by deterministic ones).</param>
    Tensor Apply(Tensor pixels, int severity, Generator generator);
}
