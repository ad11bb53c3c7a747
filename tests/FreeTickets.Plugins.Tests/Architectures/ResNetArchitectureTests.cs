using FreeTickets.Abstractions;
using FreeTickets.Plugins.Architecture.ResNet;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Architectures;

public sealed class ResNetArchitectureTests
{
    // torchvision.models.resnet18() / resnet50(): sum(p.numel()), len(list(parameters())) for 1,000 classes.
    [Theory]
    [InlineData(typeof(ResNet18Architecture), "resnet-18", 11_689_512L, 62, 512)]
    [InlineData(typeof(ResNet50Architecture), "resnet-50", 25_557_032L, 161, 2048)]
    public void Should_match_torchvision_parameter_counts_When_built_for_imagenet(Type type, string name, long parameters, int tensors, long features)
    {
        // Building is enough: the count needs no forward pass at 224x224.
        var architecture = (IArchitecture)Activator.CreateInstance(type)!;
        using var model = architecture.Create(new ArchitectureSpec([3, 224, 224], 1000));

        var named = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        Assert.Equal(name, architecture.Name);
        Assert.Equal(parameters, named.Values.Sum(p => p.numel()));
        Assert.Equal(tensors, named.Count);
        Assert.Equal([64L, 3, 7, 7], named["conv1.weight"].shape);
        Assert.Equal([1000L, features], named["fc.weight"].shape);
    }

    [Fact]
    public void Should_use_torchvision_names_for_blocks_and_shortcut_projections()
    {
        IArchitecture resnet18 = new ResNet18Architecture();
        IArchitecture resnet50 = new ResNet50Architecture();
        using var basic = resnet18.Create(new ArchitectureSpec([3, 32, 32], 10));
        using var bottleneck = resnet50.Create(new ArchitectureSpec([3, 32, 32], 10));

        var basicShapes = basic.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        var bottleneckShapes = bottleneck.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

        Assert.Equal(
            ["layer2.0.downsample.0.weight", "layer3.0.downsample.0.weight", "layer4.0.downsample.0.weight"],
            basicShapes.Keys.Where(n => n.Contains("downsample.0", StringComparison.Ordinal)));
        Assert.Equal([128L, 64, 1, 1], basicShapes["layer2.0.downsample.0.weight"]);
        Assert.Equal([128L], basicShapes["layer2.0.downsample.1.weight"]);
        Assert.Equal([64L, 64, 3, 3], basicShapes["layer1.1.conv2.weight"]);

        // Bottleneck V1.5: the stride is on conv2 (3x3); layer1 already projects 64 -> 256.
        Assert.Equal([256L, 64, 1, 1], bottleneckShapes["layer1.0.downsample.0.weight"]);
        Assert.Equal([128L, 256, 1, 1], bottleneckShapes["layer2.0.conv1.weight"]);
        Assert.Equal([128L, 128, 3, 3], bottleneckShapes["layer2.0.conv2.weight"]);
        Assert.Equal([512L, 128, 1, 1], bottleneckShapes["layer2.0.conv3.weight"]);
        Assert.True(bottleneckShapes.ContainsKey("layer3.5.bn3.bias"));
        Assert.False(bottleneckShapes.ContainsKey("layer3.6.conv1.weight"));
        Assert.DoesNotContain(basic.named_parameters(), p => p.name.Contains("bn", StringComparison.Ordinal) && resnet18.IsSparsifiable(p.name, p.parameter));
    }

    [Fact]
    public void Should_run_on_small_grayscale_inputs_thanks_to_adaptive_pooling()
    {
        IArchitecture architecture = new ResNet18Architecture();
        using var model = architecture.Create(new ArchitectureSpec([1, 28, 28], 10));
        using var input = randn(2, 1, 28, 28);

        model.eval();
        using var logits = model.call(input);

        Assert.Equal([2L, 10], logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
    }

    [Fact]
    public void Should_initialise_convolutions_he_normal_with_fan_out_and_batchnorm_to_identity()
    {
        manual_seed(1);
        IArchitecture architecture = new ResNet18Architecture();
        using var model = architecture.Create(new ArchitectureSpec([3, 32, 32], 10));
        var named = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        // layer4.0.conv2: 512 x 512 x 3 x 3, fan-out 4,608 -> std sqrt(2 / 4608) = 0.0208.
        var std = named["layer4.0.conv2.weight"].std().item<float>();
        Assert.InRange(std, 0.0204f, 0.0212f);
        Assert.True(named["layer1.0.bn1.weight"].eq(1).all().item<bool>());
        Assert.True(named["layer1.0.bn1.bias"].eq(0).all().item<bool>());
    }
}
