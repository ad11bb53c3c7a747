using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Core.Robustness;

/// <summary>
/// Gaussian blur: a separable convolution with a normalised Gaussian kernel of radius ceil(3 sigma) (at most the image
/// side minus 1), reflect padding so that borders do not darken; sigma per severity 0.4, 0.6, 0.8, 1.0, 1.5 pixels.
/// </summary>
public sealed class GaussianBlurCorruption : ICorruption
{
    /// <inheritdoc />
    public string Name => "gaussian-blur";

    /// <inheritdoc />
    public IReadOnlyList<double> Parameters { get; } = [0.4, 0.6, 0.8, 1.0, 1.5];

    /// <inheritdoc />
    public Tensor Apply(Tensor pixels, int severity, Generator generator)
    {
        var sigma = Parameters[Corruptions.CheckSeverity(severity) - 1];
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (pixels.shape[0], pixels.shape[1], pixels.shape[2], pixels.shape[3]);
        var planes = pixels.reshape(b * c, 1, h, w);
        var horizontal = Pass(planes, Kernel(sigma, w - 1, pixels).reshape(1, 1, 1, -1), [0, 0]);
        var both = Pass(horizontal, Kernel(sigma, h - 1, pixels).reshape(1, 1, -1, 1), [1, 0]);
        return both.reshape(b, c, h, w).MoveToOuterDisposeScope();
    }

    /// <summary>Normalised 1-D Gaussian weights at offsets -r..r, r = min(ceil(3 sigma), maxRadius).</summary>
    internal static Tensor Kernel(double sigma, long maxRadius, Tensor like)
    {
        var radius = Math.Min((long)Math.Ceiling(3 * sigma), maxRadius);
        var weights = new float[(2 * radius) + 1];
        for (var i = 0; i < weights.Length; i++)
        {
            var x = i - radius;
            weights[i] = (float)Math.Exp(-(x * x) / (2 * sigma * sigma));
        }

        var sum = weights.Sum();
        return tensor(weights.Select(v => v / sum).ToArray(), dtype: like.dtype, device: like.device);
    }

    /// <summary>Reflect-pads along one axis (0: width, 1: height) by the kernel radius and convolves.</summary>
    private static Tensor Pass(Tensor planes, Tensor kernel, int[] axis)
    {
        var radius = (kernel.numel() - 1) / 2;
        var pad = axis[0] == 0 ? new[] { radius, radius, 0L, 0L } : [0L, 0L, radius, radius];
        var padded = radius > 0 ? nn.functional.pad(planes, pad, PaddingModes.Reflect) : planes;
        return nn.functional.conv2d(padded, kernel);
    }
}
