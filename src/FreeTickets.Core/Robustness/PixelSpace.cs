using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Core.Robustness;

/// <summary>Moves normalised inputs to [0, 1] pixels and back with a dataset's per-channel mean and std.</summary>
public static class PixelSpace
{
    /// <summary>pixel = x * std + mean, per channel of [B, C, H, W] inputs.</summary>
    public static Tensor ToPixels(Tensor normalised, ChannelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalised);
        var (mean, std) = Constants(normalization, normalised);
        using (mean)
        using (std)
        {
            return normalised.mul(std).add_(mean);
        }
    }

    /// <summary>x = (pixel - mean) / std, per channel of [B, C, H, W] pixels.</summary>
    public static Tensor FromPixels(Tensor pixels, ChannelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var (mean, std) = Constants(normalization, pixels);
        using (mean)
        using (std)
        {
            return pixels.sub(mean).div_(std);
        }
    }

    /// <summary>De-normalises, corrupts, clamps to [0, 1] and re-normalises a batch.</summary>
    public static Tensor Corrupt(Tensor normalised, ICorruption corruption, int severity, ChannelNormalization normalization, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(corruption);
        using var scope = NewDisposeScope();
        var corrupted = corruption.Apply(ToPixels(normalised, normalization), severity, generator).clamp_(0, 1);
        return FromPixels(corrupted, normalization).MoveToOuterDisposeScope();
    }

    private static (Tensor Mean, Tensor Std) Constants(ChannelNormalization normalization, Tensor like)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        var channels = like.shape[1];
        if (normalization.Mean.Count != channels || normalization.Std.Count != channels)
        {
            throw new ArgumentException(
                $"normalisation has {normalization.Mean.Count} mean(s) and {normalization.Std.Count} std(s) for {channels} channel(s)");
        }

        return (
            tensor(normalization.Mean.ToArray(), [1, channels, 1, 1], dtype: like.dtype, device: like.device),
            tensor(normalization.Std.ToArray(), [1, channels, 1, 1], dtype: like.dtype, device: like.device));
    }
}
