namespace FreeTickets.Plugins.Dataset.Cifar;

/// <summary>
/// What fills the frame <see cref="CropFlipAugmentation"/> adds around an image before cropping it: the image's own
/// border, reflected (this project's choice for both CIFARs, and the released FreeTickets code's for CIFAR-10), or black
/// pixels (torchvision's <c>RandomCrop(32, padding=4)</c>, which that code uses for CIFAR-100, pads the uint8 image with
/// zeros before it is normalised).
/// </summary>
internal sealed class CropPadding
{
    private CropPadding(IReadOnlyList<float>? fill)
    {
        Fill = fill;
    }

    /// <summary>Reflect the border (no artificial frame appears).</summary>
    public static CropPadding Reflect { get; } = new(null);

    /// <summary>The per-channel value of every padded pixel, in the normalised space of the batch; null when reflecting.</summary>
    public IReadOnlyList<float>? Fill { get; }

    /// <summary>
    /// Pixels of value 0 on every channel, as they look after normalising with <paramref name="mean"/> and
    /// <paramref name="std"/>: (0 - mean) / std, computed in single precision as the loaders compute a black pixel.
    /// </summary>
    public static CropPadding BlackPixels(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        if (mean.Count != std.Count)
        {
            throw new ArgumentException($"{mean.Count} means but {std.Count} standard deviations", nameof(std));
        }

        return new([.. mean.Zip(std, (m, s) => (0f - m) / s)]);
    }
}
