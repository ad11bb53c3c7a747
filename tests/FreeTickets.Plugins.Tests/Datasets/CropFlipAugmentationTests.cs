using FreeTickets.Plugins.Dataset.Cifar;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

public sealed class CropFlipAugmentationTests
{
    [Fact]
    public void Should_return_the_image_unchanged_When_the_crop_is_centred_and_not_flipped()
    {
        using var image = HandMade();

        using var output = Crop(image, top: 4, left: 4, flip: false);

        Assert.True(TensorComparison.Same(output, image));
    }

    [Fact]
    public void Should_mirror_columns_When_the_centred_crop_is_flipped()
    {
        using var image = HandMade();

        using var output = Crop(image, top: 4, left: 4, flip: true);

        Assert.Equal(31f, At(output, 0, 0));              // in[0, 31]
        Assert.Equal(189f, At(output, 5, 2));             // in[5, 29] = 5 * 32 + 29
        using var mirrored = image.flip(3);
        Assert.True(TensorComparison.Same(output, mirrored));
    }

    [Fact]
    public void Should_shift_and_reflect_the_border_When_the_crop_is_at_the_top_left_corner()
    {
        using var image = HandMade();

        using var output = Crop(image, top: 0, left: 0, flip: false);

        Assert.Equal(132f, At(output, 0, 0));             // padded[0, 0] reflects to in[4, 4]
        Assert.Equal(129f, At(output, 0, 5));             // padded[0, 5] = in[4, 1]
        Assert.Equal(0f, At(output, 4, 4));               // in[0, 0]
        Assert.Equal(208f, At(output, 10, 20));           // in[6, 16]
        Assert.Equal(891f, At(output, 31, 31));           // in[27, 27]
    }

    [Fact]
    public void Should_crop_then_flip_When_the_crop_is_at_the_bottom_right_corner_and_flipped()
    {
        using var image = HandMade();

        using var output = Crop(image, top: 8, left: 8, flip: true);

        Assert.Equal(155f, At(output, 0, 0));             // padded[8, 39] = in[4, 27] (column 35 reflects to 27)
        Assert.Equal(132f, At(output, 0, 31));            // padded[8, 8] = in[4, 4]
        Assert.Equal(891f, At(output, 31, 0));            // padded[39, 39] = in[27, 27]
        Assert.Equal(894f, At(output, 23, 3));            // padded[31, 36] = in[27, 30]
    }

    [Fact]
    public void Should_apply_each_example_its_own_crop_and_the_same_crop_to_every_channel()
    {
        using var one = HandMade();
        using var shifted = one + 1000f;
        using var twoChannels = cat([one, shifted], 1);
        using var batch = cat([twoChannels, twoChannels], 0);
        using var top = tensor(new long[] { 0, 4 });
        using var left = tensor(new long[] { 0, 4 });
        using var flip = tensor(new[] { false, true });

        using var output = CropFlipAugmentation.Apply(batch, top, left, flip);

        Assert.Equal([2L, 2, 32, 32], output.shape);
        Assert.Equal(132f, output[0, 0, 0, 0].item<float>());
        Assert.Equal(1132f, output[0, 1, 0, 0].item<float>());
        Assert.Equal(31f, output[1, 0, 0, 0].item<float>());
        Assert.Equal(1031f, output[1, 1, 0, 0].item<float>());
    }

    [Fact]
    public void Should_be_one_of_the_162_crops_and_flips_for_every_example()
    {
        using var source = new Generator(11);
        using var batch = rand([8, 1, 32, 32], generator: source);
        using var generator = new Generator(7);
        using var output = CropFlipAugmentation.Apply(batch, generator);

        var (tops, lefts, flips) = AllCrops();
        using var t = tensor(tops);
        using var l = tensor(lefts);
        using var f = tensor(flips);
        var changed = 0;
        for (var i = 0; i < 8; i++)
        {
            using var scope = NewDisposeScope();
            using var image = batch[i].unsqueeze(0).expand(tops.Length, 1, 32, 32);
            using var candidates = CropFlipAugmentation.Apply(image, t, l, f);
            using var matches = candidates.eq(output[i].unsqueeze(0)).all(1).all(1).all(1);
            Assert.True(matches.any().item<bool>(), $"example {i} is not a pad-4 crop (optionally flipped) of its input");
            changed += TensorComparison.Same(output[i], batch[i]) ? 0 : 1;
        }

        Assert.True(changed >= 6, $"only {changed} of 8 examples changed");
    }

    [Fact]
    public void Should_be_deterministic_for_a_generator_state_and_leave_the_input_untouched()
    {
        using var source = new Generator(1);
        using var batch = rand([16, 3, 32, 32], generator: source);
        using var before = batch.clone();
        using var g1 = new Generator(42);
        using var g2 = new Generator(42);
        using var g3 = new Generator(43);

        using var a = CropFlipAugmentation.Apply(batch, g1);
        using var b = CropFlipAugmentation.Apply(batch, g2);
        using var c = CropFlipAugmentation.Apply(batch, g3);
        using var next = CropFlipAugmentation.Apply(batch, g1);

        Assert.True(TensorComparison.Same(a, b));
        Assert.False(TensorComparison.Same(a, c));
        Assert.False(TensorComparison.Same(a, next));
        Assert.True(TensorComparison.Same(batch, before));
        Assert.Equal(batch.shape, a.shape);
        Assert.Equal(ScalarType.Float32, a.dtype);
    }

    [Fact]
    public void Should_fill_the_frame_with_the_normalised_black_pixel_When_padding_with_black_pixels()
    {
        using var image = HandMade();
        var black = CropPadding.BlackPixels([0.5f], [0.25f]);  // a 0 pixel normalises to (0 - 0.5) / 0.25 = -2

        using var output = CropFlipAugmentation.Apply(image, Offset(0), Offset(0), tensor(new[] { false }), black);

        Assert.Equal([-2f], black.Fill);
        Assert.Equal(-2f, At(output, 0, 0));              // reflection puts in[4, 4] = 132 here
        Assert.Equal(-2f, At(output, 0, 5));              // reflection: in[4, 1] = 129
        Assert.Equal(-2f, At(output, 3, 20));             // reflection: in[1, 16] = 48
        Assert.Equal(-2f, At(output, 20, 3));
        Assert.Equal(0f, At(output, 4, 4));               // in[0, 0]
        Assert.Equal(208f, At(output, 10, 20));           // in[6, 16], as with reflection
        Assert.Equal(891f, At(output, 31, 31));           // in[27, 27]
        using var frame = output.eq(-2f).sum();
        Assert.Equal((32 * 32) - (28 * 28), frame.item<long>());
    }

    [Fact]
    public void Should_use_each_channels_own_fill_value()
    {
        using var one = HandMade();
        using var twoChannels = cat([one, one], 1);
        var black = CropPadding.BlackPixels([0.5f, 0.75f], [0.25f, 0.25f]);

        using var output = CropFlipAugmentation.Apply(twoChannels, Offset(8), Offset(8), tensor(new[] { true }), black);

        Assert.Equal([-2f, -3f], black.Fill);
        Assert.Equal(-2f, output[0, 0, 31, 31].item<float>());   // padded[39, 8]: the bottom frame
        Assert.Equal(-3f, output[0, 1, 31, 31].item<float>());
        Assert.Equal(-2f, output[0, 0, 0, 0].item<float>());     // flipped: column 0 comes from padded column 39
        Assert.Equal(-3f, output[0, 1, 0, 3].item<float>());     // padded column 36
        Assert.Equal(159f, output[0, 0, 0, 4].item<float>());    // padded[8, 35] = in[4, 31]
        Assert.Equal(159f, output[0, 1, 0, 4].item<float>());
    }

    [Fact]
    public void Should_draw_the_same_crops_and_flips_whatever_the_padding()
    {
        using var source = new Generator(2);
        using var batch = rand([16, 3, 32, 32], generator: source);
        using var g1 = new Generator(21);
        using var g2 = new Generator(21);
        var black = CropPadding.BlackPixels([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);

        using var reflected = CropFlipAugmentation.Apply(batch, g1);
        using var framed = CropFlipAugmentation.Apply(batch, g2, black);

        // Inputs are in [0, 1), so a value of -2 can only be the frame; everything else is the reflected crop's pixel.
        using var isFrame = framed.eq(-2f);
        using var notFrame = isFrame.logical_not();
        using var kept = framed.masked_select(notFrame);
        using var same = reflected.masked_select(notFrame);
        Assert.True(TensorComparison.Same(kept, same));
        Assert.True(isFrame.any().item<bool>());
        using var next1 = randint(0, 1000, [4], generator: g1);
        using var next2 = randint(0, 1000, [4], generator: g2);
        Assert.True(TensorComparison.Same(next1, next2));
    }

    [Fact]
    public void Should_reject_a_fill_with_another_number_of_channels_than_the_batch()
    {
        using var image = HandMade();
        var black = CropPadding.BlackPixels([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);

        Assert.Throws<ArgumentException>(() => CropFlipAugmentation.Apply(image, Offset(0), Offset(0), tensor(new[] { false }), black));
    }

    /// <summary>One 1x1x32x32 image whose pixel (y, x) holds 32 * y + x.</summary>
    private static Tensor HandMade() => arange(32 * 32, ScalarType.Float32).reshape(1, 1, 32, 32);

    private static Tensor Crop(Tensor image, long top, long left, bool flip)
    {
        using var t = tensor(new[] { top });
        using var l = tensor(new[] { left });
        using var f = tensor(new[] { flip });
        return CropFlipAugmentation.Apply(image, t, l, f);
    }

    private static Tensor Offset(long value) => tensor(new[] { value });

    private static float At(Tensor image, long y, long x) => image[0, 0, y, x].item<float>();

    private static (long[] Tops, long[] Lefts, bool[] Flips) AllCrops()
    {
        var all = (from top in Enumerable.Range(0, 9) from left in Enumerable.Range(0, 9) from flip in new[] { false, true } select (top, left, flip)).ToList();
        return (all.Select(a => (long)a.top).ToArray(), all.Select(a => (long)a.left).ToArray(), all.Select(a => a.flip).ToArray());
    }
}
