using FreeTickets.Abstractions;
using FreeTickets.Plugins.Architecture.Vgg;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Architectures;

public sealed class VggCArchitectureTests
{
    [Fact]
    public void Should_match_the_reference_vgg_c_parameter_count_names_and_shapes()
    {
        // The reference (sparselearning/models.py, VGG16('C', 10)): convolutions with bias, BatchNorm after each, 1x1
        // convolutions with padding 1, classifier Linear(2048, 512) - BN1d - Linear(512, 512) - BN1d - Linear(512, 10).
        // Parameters: 9,996,096 (convs) + 8,448 (BatchNorm2d) + 1,318,922 (classifier) = 11,323,466.
        IArchitecture architecture = new VggCArchitecture();
        using var model = architecture.Create(new ArchitectureSpec([3, 32, 32], 10));

        var parameters = model.named_parameters().ToList();
        var sparsifiable = parameters
            .Where(p => architecture.IsSparsifiable(p.name, p.parameter))
            .Select(p => $"{p.name}:{string.Join('x', p.parameter.shape)}");

        Assert.Equal(11_323_466L, parameters.Sum(p => p.parameter.numel()));
        Assert.Equal(
            [
                "features.0.weight:64x3x3x3", "features.3.weight:64x64x3x3",
                "features.7.weight:128x64x3x3", "features.10.weight:128x128x3x3",
                "features.14.weight:256x128x3x3", "features.17.weight:256x256x3x3", "features.20.weight:256x256x1x1",
                "features.24.weight:512x256x3x3", "features.27.weight:512x512x3x3", "features.30.weight:512x512x1x1",
                "features.34.weight:512x512x3x3", "features.37.weight:512x512x3x3", "features.40.weight:512x512x1x1",
                "classifier.0.weight:512x2048", "classifier.3.weight:512x512", "classifier.6.weight:10x512",
            ],
            sparsifiable);
        Assert.Contains(parameters, p => p.name == "features.1.weight");
        Assert.Contains(parameters, p => p.name == "classifier.5.bias");
        Assert.Equal("vgg-c", architecture.Name);
    }

    [Theory]
    [InlineData(1, 28, 2048)]
    [InlineData(3, 32, 2048)]
    [InlineData(3, 64, 4608)]
    public void Should_size_the_classifier_from_the_input_When_the_1x1_convolutions_widen_the_maps(long channels, long side, long flattened)
    {
        IArchitecture architecture = new VggCArchitecture();
        using var model = architecture.Create(new ArchitectureSpec([channels, side, side], 10));

        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        Assert.Equal([64L, channels, 3, 3], parameters["features.0.weight"].shape);
        Assert.Equal([512L, flattened], parameters["classifier.0.weight"].shape);
    }

    [Fact]
    public void Should_produce_logits_for_a_batch_of_two_and_refuse_inputs_below_4x4()
    {
        IArchitecture architecture = new VggCArchitecture();
        using var model = architecture.Create(new ArchitectureSpec([1, 28, 28], 10));
        using var input = randn(2, 1, 28, 28);

        model.train();
        using var logits = model.call(input);

        Assert.Equal([2L, 10], logits.shape);
        Assert.Throws<ArgumentException>(() => architecture.Create(new ArchitectureSpec([3, 3, 3], 10)));
    }
}
