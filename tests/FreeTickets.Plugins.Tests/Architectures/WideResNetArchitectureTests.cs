using FreeTickets.Abstractions;
using FreeTickets.Plugins.Architecture.WideResNet;
using FreeTickets.Tests.Shared;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Architectures;

public sealed class WideResNetArchitectureTests
{
    [Fact]
    public void Should_match_the_reference_wrn_28_10_parameter_count_names_and_shapes()
    {
        IArchitecture architecture = new WideResNet28x10Architecture();
        using var model = architecture.Create(new ArchitectureSpec([3, 32, 32], 10));

        var parameters = model.named_parameters().ToList();
        var sparsifiable = parameters
            .Where(p => architecture.IsSparsifiable(p.name, p.parameter))
            .Select(p => (p.name, Shape: string.Join('x', p.parameter.shape)))
            .ToList();

        Assert.Equal(36_479_194L, parameters.Sum(p => p.parameter.numel()));
        Assert.Equal(ReferenceRows(), sparsifiable);
    }

    [Fact]
    public void Should_produce_logits_and_gradients_for_a_batch_of_two()
    {
        IArchitecture architecture = new WideResNet16x8Architecture();
        using var model = architecture.Create(new ArchitectureSpec([3, 32, 32], 10));
        using var input = randn(2, 3, 32, 32);
        using var labels = tensor(new long[] { 1, 9 });

        model.train();
        using var logits = model.forward(input);
        using var loss = nn.functional.cross_entropy(logits, labels);
        loss.backward();

        Assert.Equal([2L, 10], logits.shape);
        Assert.True(float.IsFinite(loss.item<float>()));
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
    }

    [Theory]
    [InlineData(typeof(WideResNet16x8Architecture), "wrn-16-8", 2, 128, 512)]
    [InlineData(typeof(WideResNet28x2Architecture), "wrn-28-2", 4, 32, 128)]
    [InlineData(typeof(WideResNet28x10Architecture), "wrn-28-10", 4, 160, 640)]
    public void Should_name_each_configuration_and_give_it_its_blocks_and_widths(Type type, string name, int blocks, long firstWidth, long lastWidth)
    {
        var architecture = (WideResNetArchitecture)Activator.CreateInstance(type)!;

        Assert.Equal(name, architecture.Name);
        Assert.Equal(blocks, (architecture.Depth - 4) / 6);
        Assert.Equal(firstWidth, 16L * architecture.WidenFactor);
        Assert.Equal(lastWidth, 64L * architecture.WidenFactor);
    }

    [Fact]
    public void Should_use_shortcut_convs_only_where_the_width_changes_and_keep_norms_dense()
    {
        IArchitecture architecture = new WideResNet28x2Architecture();
        using var model = architecture.Create(new ArchitectureSpec([1, 28, 28], 10));

        var parameters = model.named_parameters().ToList();
        using var logits = model.forward(randn(1, 1, 28, 28));

        Assert.Equal(
            ["block1.0.convShortcut.weight", "block2.0.convShortcut.weight", "block3.0.convShortcut.weight"],
            parameters.Select(p => p.name).Where(n => n.Contains("convShortcut", StringComparison.Ordinal)));
        Assert.DoesNotContain(parameters, p => p.name.Contains(".bn", StringComparison.Ordinal) && architecture.IsSparsifiable(p.name, p.parameter));
        Assert.Contains(parameters, p => p.name == "fc.bias");
        Assert.Equal([1L, 10], logits.shape);
    }

    private static List<(string, string)> ReferenceRows() =>
        File.ReadLines(TestFixtures.WrnErkReference)
            .Skip(1)
            .Select(line => line.Split(','))
            .Select(cells => (cells[0] + ".weight", cells[1]))
            .ToList();
}
