using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Dataset.Cifar;

/// <summary>
/// The standard CIFAR training augmentation as batched tensor ops: pad every image by 4 pixels, take a random 32x32
/// crop of the padded image (offsets 0..8 per axis), and flip it horizontally with probability 1/2; offsets and flips are
/// drawn per example. By default padding reflects the border (as in the Wide ResNet and sparse-training code FreeTickets
/// builds on), so no artificial frame appears; reflecting normalised values equals normalising reflected pixels. With
/// <see cref="CropPadding.BlackPixels"/> the frame is black pixels instead, given in normalised values for the same
/// reason. The padding never changes which offsets and flips a generator state draws.
/// </summary>
internal static class CropFlipAugmentation
{
    public const int Padding = 4;

    /// <summary>
    /// Augments <paramref name="batch"/> [B, C, H, W] into a new tensor (the input is never modified). Draws, in this
    /// order, the vertical offsets, the horizontal offsets and the flips from <paramref name="generator"/>, so equal
    /// generator states give equal results. <paramref name="padding"/> defaults to <see cref="CropPadding.Reflect"/>.
    /// </summary>
    public static Tensor Apply(Tensor batch, Generator generator, CropPadding? padding = null)
    {
        var b = batch.shape[0];
        using var scope = NewDisposeScope();
        var top = randint(0, (2 * Padding) + 1, [b], dtype: ScalarType.Int64, generator: generator);
        var left = randint(0, (2 * Padding) + 1, [b], dtype: ScalarType.Int64, generator: generator);
        var flip = randint(0, 2, [b], dtype: ScalarType.Int64, generator: generator).to_type(ScalarType.Bool);
        return Apply(batch, top, left, flip, padding).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The deterministic core: crops each padded image at (<paramref name="top"/>[i], <paramref name="left"/>[i]) (in
    /// padded coordinates, 0..2*Padding) and mirrors it left-right where <paramref name="flip"/>[i] is true; the padded
    /// frame is <paramref name="padding"/> (default <see cref="CropPadding.Reflect"/>).
    /// </summary>
    public static Tensor Apply(Tensor batch, Tensor top, Tensor left, Tensor flip, CropPadding? padding = null)
    {
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3]);
        var device = batch.device;
        var fill = (padding ?? CropPadding.Reflect).Fill;
        var padded = fill is null
            ? nn.functional.pad(batch, [Padding, Padding, Padding, Padding], PaddingModes.Reflect)
            : Framed(batch, fill);
        var paddedWidth = w + (2 * Padding);

        // Source row and column of every output pixel, per example: rows [B, H], columns [B, W] (reversed when flipped).
        var rows = top.to(device).unsqueeze(1) + arange(h, ScalarType.Int64, device).unsqueeze(0);
        var xs = arange(w, ScalarType.Int64, device).unsqueeze(0);
        var cols = left.to(device).unsqueeze(1) + where(flip.to(device).unsqueeze(1), (w - 1) - xs, xs);

        // One gather over the flattened padded planes: index [B, C, H*W] into [B, C, (H+2P)*(W+2P)].
        var index = ((rows.unsqueeze(2) * paddedWidth) + cols.unsqueeze(1)).reshape(b, 1, h * w).expand(b, c, h * w);
        var result = padded.reshape(b, c, -1).gather(2, index).reshape(b, c, h, w);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>A new [B, C, H+2P, W+2P] tensor: <paramref name="fill"/>[c] everywhere on channel c, the batch in the middle.</summary>
    private static Tensor Framed(Tensor batch, IReadOnlyList<float> fill)
    {
        var (b, c, h, w) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3]);
        if (fill.Count != c)
        {
            throw new ArgumentException($"the padding has {fill.Count} channel values for a batch of {c} channels", nameof(fill));
        }

        using var scope = NewDisposeScope();
        var frame = tensor(fill.ToArray()).to_type(batch.dtype).to(batch.device).reshape(1, c, 1, 1);
        var padded = frame.expand(b, c, h + (2 * Padding), w + (2 * Padding)).contiguous();
        padded.narrow(2, Padding, h).narrow(3, Padding, w).copy_(batch);
        return padded.MoveToOuterDisposeScope();
    }
}
