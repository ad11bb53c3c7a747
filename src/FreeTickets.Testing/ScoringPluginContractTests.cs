using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Testing;

/// <summary>
/// What every scoring plugin (pruning criterion or regrowth rule) owes the engine: a name, and a score of the weight's
/// shape, dtype and device that leaves the layer alone, depends only on the generator state, and copes with missing
/// gradient and momentum. The pruning and regrowth suites add what is particular to their kind.
/// </summary>
public abstract class ScoringPluginContractTests
{
    /// <summary>Loads torch (<see cref="TorchTestSetup.Initialize"/>) before any test of the suite runs.</summary>
    protected ScoringPluginContractTests() => TorchTestSetup.Initialize();

    /// <summary>The plugin as the host sees it.</summary>
    protected abstract IPlugin Plugin { get; }

    /// <summary>Calls the plugin's Score.</summary>
    /// <param name="layer">The layer to score.</param>
    /// <param name="context">The update's context.</param>
    protected abstract Tensor Score(MaskedLayer layer, MaskUpdateContext context);

    /// <summary><c>Name</c> is a lowercase kebab-case key for benchmarks.json; <c>Description</c> is not empty.</summary>
    [Fact]
    public void Should_have_a_kebab_case_name_and_a_description()
    {
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", Plugin.Name);
        Assert.False(string.IsNullOrWhiteSpace(Plugin.Description));
    }

    /// <summary>The score has the weight's shape, dtype and device, and no NaN or infinity.</summary>
    /// <param name="shape">The weight's shape.</param>
    [Theory]
    [MemberData(nameof(ContractCases.Shapes), MemberType = typeof(ContractCases))]
    public void Should_return_a_finite_score_of_the_weights_shape_dtype_and_device(long[] shape)
    {
        using var scope = NewDisposeScope();
        var layer = ContractLayers.Create(shape, withState: true);
        using var generator = new Generator(11, CPU);

        var score = Score(layer, new MaskUpdateContext(3, 0.5, generator));

        Assert.Equal(layer.Weight.shape, score.shape);
        Assert.Equal(layer.Weight.dtype, score.dtype);
        Assert.Equal(layer.Weight.device_type, score.device_type);
        Assert.True(score.isfinite().all().item<bool>(), "the score has NaN or infinite entries");
    }

    /// <summary>Scoring modifies none of the layer's tensors and returns none of them (the engine disposes the score).</summary>
    [Fact]
    public void Should_leave_the_layers_tensors_unchanged_and_return_a_new_tensor()
    {
        using var scope = NewDisposeScope();
        var layer = ContractLayers.Create([16, 8, 3, 3], withState: true);
        var before = ContractLayers.Tensors(layer).Select(t => t.clone()).ToList();
        using var generator = new Generator(11, CPU);

        var score = Score(layer, new MaskUpdateContext(3, 0.5, generator));

        Assert.All(ContractLayers.Tensors(layer), t => Assert.False(ReferenceEquals(t, score), "the score is an engine-owned tensor"));
        Assert.All(ContractLayers.Tensors(layer).Zip(before), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 0), "a layer tensor changed"));
    }

    /// <summary>Randomness comes only from the update's generator: the same generator state gives the same score.</summary>
    [Fact]
    public void Should_give_the_same_score_When_the_generator_state_is_the_same()
    {
        using var scope = NewDisposeScope();
        var layer = ContractLayers.Create([16, 8, 3, 3], withState: true);
        using var first = new Generator(11, CPU);
        using var second = new Generator(11, CPU);

        var a = Score(layer, new MaskUpdateContext(3, 0.5, first));
        var b = Score(layer, new MaskUpdateContext(3, 0.5, second));

        Assert.True(a.allclose(b, rtol: 0, atol: 0), "same generator state, different scores");
    }

    /// <summary>Before the first step there is no gradient, momentum or statistic: the plugin still scores.</summary>
    [Fact]
    public void Should_score_When_gradient_momentum_and_statistics_are_null()
    {
        using var scope = NewDisposeScope();
        var layer = ContractLayers.Create([8, 4], withState: false);
        using var generator = new Generator(11, CPU);

        var score = Score(layer, new MaskUpdateContext(0, 0.5, generator));

        Assert.Equal(layer.Weight.shape, score.shape);
        Assert.True(score.isfinite().all().item<bool>(), "the score has NaN or infinite entries");
    }
}
