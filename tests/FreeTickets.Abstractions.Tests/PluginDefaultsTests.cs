using FreeTickets.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Abstractions.Tests;

/// <summary>What a plugin gets from the contract's default members when it declares nothing else.</summary>
public sealed class PluginDefaultsTests
{
    [Fact]
    public void Should_assume_a_dense_gradient_at_updates_and_no_statistics_When_a_rule_only_scores()
    {
        IRegrowthRule rule = new ScoreOnlyRule();

        Assert.Equal(RegrowthCost.DenseGradientAtUpdates, rule.Cost);
        Assert.Equal(GradientStatistics.None, rule.GradientStatistics);
    }

    [Fact]
    public void Should_not_augment_When_a_dataset_keeps_the_default()
    {
        IDataset dataset = new TinyDataset();
        using var scope = NewDisposeScope();
        using var generator = new Generator(1, CPU);
        var batch = arange(8, dtype: ScalarType.Float32).reshape(2, 1, 2, 2);

        var augmented = dataset.Augment(batch, generator);

        Assert.True(augmented.eq(batch).all().item<bool>());
        Assert.NotSame(batch, augmented);
        augmented.Dispose(); // the engine disposes what Augment returns: the batch must survive it
        Assert.False(batch.IsInvalid);
        Assert.Equal(28f, batch.sum().item<float>());
    }

    [Theory]
    [InlineData(new long[] { 300, 784 }, true)]
    [InlineData(new long[] { 6, 1, 5, 5 }, true)]
    [InlineData(new long[] { 300 }, false)]
    [InlineData(new long[0], false)]
    public void Should_sparsify_weights_of_rank_two_or_more_When_an_architecture_keeps_the_default(long[] shape, bool sparsifiable)
    {
        IArchitecture architecture = new TinyArchitecture();
        using var parameter = zeros(shape);

        Assert.Equal(sparsifiable, architecture.IsSparsifiable("p", parameter));
    }

    private sealed class ScoreOnlyRule : IRegrowthRule
    {
        public string Name => "score-only";

        public string Description => "scores every position alike";

        public Tensor Score(MaskedLayer layer, MaskUpdateContext context) => zeros_like(layer.Weight);
    }

    private sealed class TinyDataset : IDataset
    {
        public string Name => "tiny";

        public string Description => "two 1x2x2 examples";

        public DatasetSpec Spec { get; } = new([1, 2, 2], NumClasses: 2, TrainSize: 2, TestSize: 2);

        public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options) =>
            new(zeros(2, 1, 2, 2, device: options.Device), tensor(new long[] { 0, 1 }, device: options.Device));
    }

    private sealed class TinyArchitecture : IArchitecture
    {
        public string Name => "tiny";

        public string Description => "flatten then one linear layer";

        public nn.Module<Tensor, Tensor> Create(ArchitectureSpec spec) =>
            nn.Sequential(("flatten", nn.Flatten()), ("fc", nn.Linear(spec.InputShape.Aggregate(1L, (a, b) => a * b), spec.NumClasses)));
    }
}
