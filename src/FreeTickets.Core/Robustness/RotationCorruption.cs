using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Core.Robustness;

/// <summary>
/// Rotation about the image centre by 15, 30, 45, 60, 75 degrees per severity (counter-clockwise as displayed, row 0 at
/// the top), bilinear interpolation, zeros (black) outside the source image, as in MNIST-C. The angle is fixed, not
/// drawn, so every model sees the same images.
/// </summary>
public sealed class RotationCorruption : ICorruption
{
    /// <inheritdoc />
    public string Name => "rotation";

    /// <inheritdoc />
    public IReadOnlyList<double> Parameters { get; } = [15, 30, 45, 60, 75];

    /// <inheritdoc />
    public Tensor Apply(Tensor pixels, int severity, Generator generator) =>
        Rotate(pixels, Parameters[Corruptions.CheckSeverity(severity) - 1]);

    /// <summary>Rotates square or rectangular images by <paramref name="degrees"/> (counter-clockwise as displayed).</summary>
    public static Tensor Rotate(Tensor pixels, double degrees)
    {
        using var scope = NewDisposeScope();
        var radians = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(radians), Math.Sin(radians));
        // affine_grid maps each output location (x right, y down, in [-1, 1]) to the source location it samples: the
        // inverse rotation. With y pointing down, a counter-clockwise turn as displayed samples from (x cos - y sin, x sin + y cos).
        var theta = tensor(new[] { (float)cos, (float)-sin, 0f, (float)sin, (float)cos, 0f }, [1, 2, 3], dtype: pixels.dtype, device: pixels.device)
            .expand(pixels.shape[0], 2, 3);
        var grid = nn.functional.affine_grid(theta, pixels.shape, align_corners: false);
        return nn.functional.grid_sample(pixels, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false)
            .MoveToOuterDisposeScope();
    }
}
