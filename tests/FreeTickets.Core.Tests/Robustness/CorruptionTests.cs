using FreeTickets.Abstractions;
using FreeTickets.Core.Robustness;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Robustness;

public sealed class CorruptionTests
{
    public static TheoryData<string> Names => new(Corruptions.Names);

    /// <summary>
    /// A 1x12x12 image in [0.35, 0.85]: a vertical gradient plus a checkerboard (blur and contrast change it); without the
    /// checkerboard for rotation, whose distance to the clean image then grows with the angle.
    /// </summary>
    private static Tensor Image(long batch = 2, bool checkerboard = true)
    {
        var values = new float[batch * 144];
        for (var b = 0; b < batch; b++)
        {
            for (var i = 0; i < 12; i++)
            {
                for (var j = 0; j < 12; j++)
                {
                    values[(b * 144) + (i * 12) + j] = 0.35f + (0.3f * i / 11) + (checkerboard ? 0.2f * ((i + j) % 2) : 0);
                }
            }
        }

        return tensor(values, [batch, 1, 12, 12]);
    }

    private static Tensor Apply(string name, Tensor pixels, int severity, ulong seed = 7)
    {
        using var generator = new Generator(seed);
        return Corruptions.Get(name).Apply(pixels, severity, generator);
    }

    [Fact]
    public void Should_scale_around_the_image_mean_When_reducing_contrast_of_a_2x2_image()
    {
        using var image = tensor(new[] { 0f, 1f, 0.5f, 0.5f }, [1, 1, 2, 2]);

        using var result = Apply("contrast", image, 1);

        // Mean 0.5, factor 0.4: 0.5 + 0.4 (p - 0.5).
        Assert.Equal(new[] { 0.3f, 0.7f, 0.5f, 0.5f }, result.data<float>().ToArray(), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Should_turn_the_image_counter_clockwise_When_rotating_by_90_degrees()
    {
        using var image = tensor(Enumerable.Range(0, 9).Select(i => (float)i).ToArray(), [1, 1, 3, 3]);

        using var rotated = RotationCorruption.Rotate(image, 90);

        // [[0,1,2],[3,4,5],[6,7,8]] turned counter-clockwise: the right column becomes the top row.
        Assert.Equal(new[] { 2f, 5f, 8f, 1f, 4f, 7f, 0f, 3f, 6f }, rotated.data<float>().ToArray(), new FloatTolerance(1e-5f));
    }

    [Fact]
    public void Should_leave_a_constant_image_unchanged_When_blurring_with_reflect_padding()
    {
        using var image = full(new long[] { 1, 3, 6, 6 }, 0.25f);

        using var blurred = Apply("gaussian-blur", image, 5);

        Assert.Equal(0.0, blurred.sub(image).abs().max().item<float>(), 6);
    }

    [Fact]
    public void Should_weigh_the_centre_by_the_squared_normalised_gaussian_When_blurring_a_delta()
    {
        using var image = zeros(1, 1, 9, 9);
        image[0, 0, 4, 4].fill_(1f);

        using var blurred = Apply("gaussian-blur", image, 1);

        // sigma 0.4, radius ceil(1.2) = 2: weights exp(-x^2 / 0.32) normalised; the centre gets w0 * w0.
        var w = new[] { Math.Exp(-4 / 0.32), Math.Exp(-1 / 0.32), 1, Math.Exp(-1 / 0.32), Math.Exp(-4 / 0.32) };
        var w0 = 1 / w.Sum();
        Assert.Equal(w0 * w0, blurred[0, 0, 4, 4].item<float>(), 5);
        Assert.Equal(1.0, blurred.sum().item<float>(), 5);
    }

    [Fact]
    public void Should_add_noise_of_the_severitys_sigma_When_adding_gaussian_noise()
    {
        using var image = full(new long[] { 4, 1, 32, 32 }, 0.5f);

        using var noisy = Apply("gaussian-noise", image, 3);

        Assert.Equal(0.18, noisy.sub(image).std().item<float>(), 2);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Should_move_further_from_the_clean_image_When_the_severity_grows(string name)
    {
        using var image = Image(checkerboard: name != "rotation");
        // Rotation: only inside the inscribed circle, where no zero padding enters (the black corners of a rotated square
        // are largest at 45 degrees) and the distance of a rotated gradient grows as 2 sin(angle / 2).
        using var ii = arange(12).reshape(12, 1).to(ScalarType.Float32).sub(5.5f);
        using var jj = arange(12).reshape(1, 12).to(ScalarType.Float32).sub(5.5f);
        using var circle = ii.square().add(jj.square()).le(5.5f * 5.5f).to(ScalarType.Float32);
        using var weight = name == "rotation" ? circle.alias() : ones_like(circle);
        var distances = Enumerable.Range(1, 5).Select(s =>
        {
            using var corrupted = Apply(name, image, s).clamp_(0, 1);
            return corrupted.sub(image).abs().mul(weight).mean().item<float>();
        }).ToList();

        for (var s = 1; s < 5; s++)
        {
            Assert.True(distances[s] > distances[s - 1], $"{name}: distance {distances[s]} at severity {s + 1} <= {distances[s - 1]} at {s}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Should_give_the_same_images_When_applied_twice_with_the_same_seed(string name)
    {
        using var image = Image();

        using var first = Apply(name, image, 4);
        using var second = Apply(name, image, 4);

        Assert.True(first.eq(second).all().item<bool>());
    }

    [Fact]
    public void Should_draw_other_noise_When_the_seed_differs()
    {
        using var image = Image();

        using var first = Apply("gaussian-noise", image, 2, seed: 1);
        using var second = Apply("gaussian-noise", image, 2, seed: 2);

        Assert.False(first.eq(second).all().item<bool>());
    }

    [Fact]
    public void Should_keep_pixels_in_0_1_When_corrupting_normalised_inputs()
    {
        var normalization = new ChannelNormalization([0.1307f], [0.3081f]);
        using var pixels = Image(8);
        using var inputs = PixelSpace.FromPixels(pixels, normalization);
        using var generator = new Generator(3);

        using var corrupted = PixelSpace.Corrupt(inputs, Corruptions.Get("gaussian-noise"), 5, normalization, generator);
        using var back = PixelSpace.ToPixels(corrupted, normalization);

        Assert.True(back.min().item<float>() >= -1e-6f);
        Assert.True(back.max().item<float>() <= 1 + 1e-6f);
        Assert.True(back.eq(0).any().item<bool>() || back.eq(1).any().item<bool>(), "sigma 0.38 noise must hit a bound somewhere");
    }

    [Fact]
    public void Should_return_the_inputs_When_normalising_pixels_back_per_channel()
    {
        var normalization = new ChannelNormalization([0.4914f, 0.4822f, 0.4465f], [0.2470f, 0.2435f, 0.2616f]);
        using var inputs = randn(2, 3, 4, 4);

        using var pixels = PixelSpace.ToPixels(inputs, normalization);
        using var back = PixelSpace.FromPixels(pixels, normalization);

        Assert.True(back.allclose(inputs, rtol: 0, atol: 1e-5));
        Assert.Equal(0.4914 + (0.2470 * inputs[0, 0, 0, 0].item<float>()), pixels[0, 0, 0, 0].item<float>(), 5);
    }

    [Fact]
    public void Should_reject_a_severity_outside_1_to_5()
    {
        using var image = Image();

        Assert.Throws<ArgumentOutOfRangeException>(() => Apply("contrast", image, 6));
        Assert.Throws<ArgumentException>(() => Corruptions.Get("fog"));
    }

    [Fact]
    public void Should_prepare_the_same_corrupted_chunk_When_asked_twice()
    {
        var normalization = new ChannelNormalization([0.5f], [0.1f]);
        using var inputs = randn(1500, 1, 8, 8);
        var set = RobustnessSet.Corrupted(Corruptions.Get("gaussian-noise"), 2, inputs, normalization);

        using var a = set.Inputs(1000, 500);
        using var b = set.Inputs(1000, 500);
        using var other = set.Inputs(0, 500);

        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(other).all().item<bool>());
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
