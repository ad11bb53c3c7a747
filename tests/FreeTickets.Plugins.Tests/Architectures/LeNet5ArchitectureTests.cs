using FreeTickets.Abstractions;
using FreeTickets.Plugins.Architecture.LeNet5;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Architectures;

public sealed class LeNet5ArchitectureTests
{
    [Theory]
    [InlineData(1, 28, 256)]
    [InlineData(3, 32, 400)]
    public void Should_produce_logits_and_gradients_for_a_batch_of_two(long channels, long side, long flattened)
    {
        IArchitecture architecture = new LeNet5Architecture();
        using var model = architecture.Create(new ArchitectureSpec([channels, side, side], 10));
        using var input = randn(2, channels, side, side);
        using var labels = tensor(new long[] { 3, 7 });

        using var logits = model.forward(input);
        using var loss = nn.functional.cross_entropy(logits, labels);
        loss.backward();

        Assert.Equal([2L, 10], logits.shape);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal([120L, flattened], parameters["fc1.weight"].shape);
        Assert.All(parameters.Values, p => Assert.NotNull(p.grad));
    }

    [Fact]
    public void Should_use_pytorch_parameter_names_and_sparsify_weights_only()
    {
        IArchitecture architecture = new LeNet5Architecture();
        using var model = architecture.Create(new ArchitectureSpec([1, 28, 28], 10));

        var parameters = model.named_parameters().ToList();

        Assert.Equal(
            ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"],
            parameters.Select(p => p.name));
        Assert.Equal(
            ["conv1.weight", "conv2.weight", "fc1.weight", "fc2.weight", "fc3.weight"],
            parameters.Where(p => architecture.IsSparsifiable(p.name, p.parameter)).Select(p => p.name));
        Assert.Equal([6L, 1, 5, 5], parameters[0].parameter.shape);
        Assert.Equal("lenet5", architecture.Name);
    }

    [Fact]
    public void Should_build_the_released_codes_lenet5_caffe_with_its_parameter_names_and_count()
    {
        IArchitecture architecture = new LeNet5CaffeArchitecture();
        using var model = architecture.Create(new ArchitectureSpec([1, 28, 28], 10));
        using var input = randn(2, 1, 28, 28);

        using var logits = model.forward(input);
        var parameters = model.named_parameters().ToList();

        Assert.Equal([2L, 10], logits.shape);
        Assert.Equal(
            ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc3.weight", "fc3.bias", "fc4.weight", "fc4.bias"],
            parameters.Select(p => p.name));
        Assert.Equal([20L, 1, 5, 5], parameters[0].parameter.shape);
        Assert.Equal([50L, 20, 5, 5], parameters[2].parameter.shape);
        Assert.Equal([500L, 800], parameters[4].parameter.shape);
        Assert.Equal(431_080, parameters.Sum(p => p.parameter.numel()));
        Assert.Equal("lenet5-caffe", architecture.Name);
    }
}
