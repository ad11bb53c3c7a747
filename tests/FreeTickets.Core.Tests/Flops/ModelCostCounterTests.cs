using FreeTickets.Core.Flops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Flops;

public sealed class ModelCostCounterTests
{
    private static bool WeightMatrices(string name, Tensor parameter) => name.EndsWith(".weight", StringComparison.Ordinal) && parameter.dim() > 1;

    [Fact]
    public void Should_count_weights_times_output_positions_When_a_conv_net_runs_on_8x8()
    {
        // conv1: 4x1x3x3 = 36 weights, padding 1 keeps 8x8 = 64 positions -> 2,304 MACs.
        // fc: 10x256 = 2,560 weights, one position -> 2,560 MACs. Total 4,864.
        // Dense params: conv1.bias 4 + bn1.weight 4 + bn1.bias 4 + fc.bias 10 = 22 (BN running stats are buffers).
        using var model = new TinyConvNet();

        var cost = ModelCostCounter.Count(model, [1, 8, 8], WeightMatrices);

        Assert.Equal(["conv1.weight", "fc.weight"], cost.SparsifiableLayers.Select(l => l.Name));
        Assert.Equal([4L, 1, 3, 3], cost.SparsifiableLayers[0].Shape);
        Assert.Equal(36, cost.SparsifiableLayers[0].Weights);
        Assert.Equal(2_304, cost.SparsifiableLayers[0].MacsPerExample);
        Assert.Equal([10L, 256], cost.SparsifiableLayers[1].Shape);
        Assert.Equal(2_560, cost.SparsifiableLayers[1].MacsPerExample);
        Assert.Empty(cost.DenseLayers);
        Assert.Equal(22, cost.DenseParams);
        Assert.Equal(4_864, cost.DenseMacsPerExample);
        Assert.Equal(model.parameters().Sum(p => p.numel()), cost.TotalParams);
    }

    [Fact]
    public void Should_restore_training_mode_When_counting_a_model_in_training()
    {
        using var model = new TinyConvNet();
        model.train();

        ModelCostCounter.Count(model, [1, 8, 8], WeightMatrices);

        Assert.True(model.training);
        Assert.All(model.modules(), m => Assert.True(m.training));
    }

    [Fact]
    public void Should_count_linear_layers_of_a_sequential_When_the_model_has_no_convolutions()
    {
        // fc1: 5x6 = 30 MACs, fc2: 3x5 = 15 MACs; biases 5 + 3 = 8 dense params.
        using var model = nn.Sequential(("fc1", nn.Linear(6, 5)), ("relu", nn.ReLU()), ("fc2", nn.Linear(5, 3)));

        var cost = ModelCostCounter.Count(model, [6], WeightMatrices);

        Assert.Equal(["fc1.weight", "fc2.weight"], cost.SparsifiableLayers.Select(l => l.Name));
        Assert.Equal([30L, 15], cost.SparsifiableLayers.Select(l => l.MacsPerExample));
        Assert.Equal(8, cost.DenseParams);
    }

    [Fact]
    public void Should_keep_a_non_sparsifiable_layer_dense_When_the_predicate_excludes_it()
    {
        using var model = nn.Sequential(("fc1", nn.Linear(6, 5)), ("fc2", nn.Linear(5, 3)));

        var cost = ModelCostCounter.Count(model, [6], (name, p) => name == "fc1.weight");

        Assert.Equal("fc1.weight", Assert.Single(cost.SparsifiableLayers).Name);
        Assert.Equal(new[] { 15L }, cost.DenseLayers.Select(l => l.MacsPerExample));
        Assert.Equal(15 + 5 + 3, cost.DenseParams);
        Assert.Equal(45, cost.DenseMacsPerExample);
    }

    [Fact]
    public void Should_name_the_layer_When_a_submodule_is_run_with_forward_instead_of_call()
    {
        using var model = new ForwardCallingNet();

        var error = Assert.Throws<InvalidOperationException>(() => ModelCostCounter.Count(model, [4], WeightMatrices));

        Assert.Contains("fc.weight", error.Message, StringComparison.Ordinal);
    }

    private sealed class TinyConvNet : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv1 = nn.Conv2d(1L, 4L, 3L, stride: 1L, padding: 1L);
        private readonly BatchNorm2d _bn1 = nn.BatchNorm2d(4);
        private readonly Linear _fc = nn.Linear(256, 10);

        public TinyConvNet()
            : base(nameof(TinyConvNet))
        {
            // PyTorch names for the state_dict keys; the fields keep the repository's naming rule.
            register_module("conv1", _conv1);
            register_module("bn1", _bn1);
            register_module("fc", _fc);
        }

        public override Tensor forward(Tensor input) =>
            _fc.call(nn.functional.relu(_bn1.call(_conv1.call(input))).flatten(1));
    }

    private sealed class ForwardCallingNet : nn.Module<Tensor, Tensor>
    {
        private readonly Linear _fc = nn.Linear(4, 2);

        public ForwardCallingNet()
            : base(nameof(ForwardCallingNet))
        {
            register_module("fc", _fc);
        }

        public override Tensor forward(Tensor input) => _fc.forward(input);
    }
}
