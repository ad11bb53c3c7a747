using FreeTickets.Abstractions;
using FreeTickets.Core.Sparsity;
using FreeTickets.Core.Sparsity.Execution;
using FreeTickets.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Sparsity;

/// <summary>
/// Sparse execution (issue 17): the kernels at every SIMD width this CPU has against libtorch's dense products, the
/// <see cref="SparseLinear"/> layer against nn.Linear, and a sparse layer's forward and backward against the masked dense
/// computation.
/// </summary>
[Collection("SparseKernelLanes")]
public sealed class SparseExecutionTests
{
    public static TheoryData<KernelLanes, int, int> LanesAndWidths()
    {
        var data = new TheoryData<KernelLanes, int, int>();
        foreach (var lanes in Enum.GetValues<KernelLanes>().Where(l => l <= SparseKernels.Best))
        {
            // 1 (batch-1 inference), tails of every tile size, and the 128-example batch; 300 inputs span several
            // cache blocks of X at the wider widths.
            foreach (var width in new[] { 1, 7, 37, 128, 131 })
            {
                data.Add(lanes, width, 41);
            }

            data.Add(lanes, 128, 300);
            data.Add(lanes, 600, 300);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LanesAndWidths))]
    public void Should_match_dense_products_When_running_the_kernels(KernelLanes lanes, int width, int inputs)
    {
        using var scope = NewDisposeScope();
        var saved = SparseKernels.Lanes;
        SparseKernels.Lanes = lanes;
        try
        {
            manual_seed(3);
            var mask = rand(23, inputs).lt(0.2).to(float32);
            var weight = randn(23, inputs) * mask;
            var bias = randn(23);
            var xt = randn(inputs, width);
            var dyt = randn(23, width);
            var pattern = SparsePattern.FromMask(mask);

            var y = SparseLinearExecution.Output(pattern, xt, weight, bias);
            AssertClose(weight.mm(xt) + bias.unsqueeze(1), y, "forward");
            var dxt = SparseLinearExecution.InputGradient(pattern, dyt, weight);
            AssertClose(weight.t().mm(dyt), dxt, "input gradient");
            var dw = SparseLinearExecution.SampledWeightGradient(pattern, dyt, xt);
            AssertClose(dyt.mm(xt.t()) * mask, dw, "weight gradient");
            Assert.Equal(0, dw.mul(mask.logical_not()).count_nonzero().item<long>());
        }
        finally
        {
            SparseKernels.Lanes = saved;
        }
    }

    [Theory]
    [InlineData(128, 784)]
    [InlineData(13, 10)]
    [InlineData(8, 8)]
    public void Should_transpose_exactly_When_given_any_shape(int rows, int cols)
    {
        using var scope = NewDisposeScope();
        var x = randn(rows, cols);
        var t = SparseLinearExecution.Transposed(x);
        Assert.True(t.is_contiguous());
        AssertSame(t, x.t());
    }

    [Fact]
    public void Should_index_a_mask_both_ways_When_building_a_pattern()
    {
        using var scope = NewDisposeScope();
        var mask = tensor(new float[,] { { 0, 1, 1 }, { 0, 0, 0 }, { 1, 0, 1 } });
        var p = SparsePattern.FromMask(mask);
        Assert.Equal(4, p.Count);
        Assert.Equal([0, 2, 2, 4], p.RowPtr);
        Assert.Equal([1, 2, 0, 2], p.RowCols);
        Assert.Equal([1, 2, 6, 8], p.RowFlat);
        Assert.Equal([0, 1, 2, 4], p.ColPtr);
        Assert.Equal([2, 0, 0, 2], p.ColRows);
        Assert.Equal([6, 1, 2, 8], p.ColFlat);
    }

    [Fact]
    public void Should_draw_and_compute_as_nn_Linear_When_no_execution_is_attached()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var reference = nn.Linear(30, 7);
        manual_seed(5);
        var layer = new SparseLinear(30, 7);
        AssertSame(reference.weight!, layer.Weight);
        AssertSame(reference.bias!, layer.Bias!);
        Assert.Equal(["weight", "bias"], layer.state_dict().Keys);
        var x = randn(4, 30);
        AssertSame(reference.forward(x), layer.forward(x));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_match_the_masked_layer_When_training_through_sparse_kernels(bool denseGradient)
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        var sparse = nn.Sequential(("fc1", new SparseLinear(50, 40)), ("relu", nn.ReLU()), ("fc2", new SparseLinear(40, 6)));
        var masked = nn.Sequential(("fc1", new SparseLinear(50, 40)), ("relu", nn.ReLU()), ("fc2", new SparseLinear(40, 6)));
        masked.load_state_dict(sparse.state_dict());
        using var topology = Topology(sparse, 0.9);
        using var maskedTopology = SparseTopology.FromMasks(masked.named_parameters()
            .Where(p => p.name.EndsWith(".weight", StringComparison.Ordinal))
            .Select(p => (p.name, p.parameter, topology[p.name].Mask)));
        using var execution = SparseExecution.Attach(sparse, topology);
        Assert.All(execution.Layers, l => Assert.True(l.Sparse, l.Reason));
        execution.DenseGradient = denseGradient;

        var x = randn(16, 50).requires_grad_(true);
        var xm = x.detach().clone().requires_grad_(true);
        var labels = randint(0, 6, [16], dtype: ScalarType.Int64);
        var y = sparse.forward(x);
        var ym = masked.forward(xm);
        AssertClose(ym, y, "output");
        nn.functional.cross_entropy(y, labels).backward();
        nn.functional.cross_entropy(ym, labels).backward();
        AssertClose(xm.grad!, x.grad!, "input gradient");
        foreach (var ((name, p), (_, pm)) in sparse.named_parameters().Zip(masked.named_parameters()))
        {
            var expected = name.EndsWith(".weight", StringComparison.Ordinal) && !denseGradient ? pm.grad! * topology[name].Mask : pm.grad!;
            AssertClose(expected, p.grad!, name);
        }
    }

    [Fact]
    public void Should_accumulate_When_backward_runs_twice_without_zeroing()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var model = nn.Sequential(("fc", new SparseLinear(20, 10)));
        using var topology = Topology(model, 0.8);
        using var execution = SparseExecution.Attach(model, topology);
        var x = randn(8, 20);
        model.forward(x).sum().backward();
        var once = model.named_parameters().First(p => p.name == "fc.weight").parameter.grad!.clone();
        model.forward(x).sum().backward();
        AssertClose(once * 2, model.named_parameters().First(p => p.name == "fc.weight").parameter.grad!, "accumulated");
    }

    [Fact]
    public void Should_follow_the_masks_When_the_topology_changes_or_is_overridden()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var model = nn.Sequential(("fc", new SparseLinear(30, 12)));
        var reference = nn.Sequential(("fc", new SparseLinear(30, 12)));
        using var topology = Topology(model, 0.85);
        using var execution = SparseExecution.Attach(model, topology);
        var x = randn(5, 30);
        using var noGrad = no_grad();
        var weight = model.named_parameters().First().parameter;

        // A topology update moves weights: the next forward pass uses the new pattern.
        weight.grad = randn_like(weight);
        topology.Update(new TestMagnitude(), new TestRandomGrowth(), 0.5, step: 1, momentum: null, cellSeed: 1);
        weight.add_(topology["fc.weight"].Mask * 0.5);
        reference.load_state_dict(model.state_dict());

        AssertClose(DetachedForward(reference, x), model.forward(x), "after an update");

        // An overriding mask computes with that pattern only.
        var other = zeros_like(weight);
        other[0] = ones(30);
        using (execution.UseMasks(new Dictionary<string, Tensor> { ["fc.weight"] = other }))
        {
            using var only = weight * other;
            var expected = x.mm(only.t()) + model.named_parameters().Last().parameter;
            AssertClose(expected, model.forward(x), "overridden");
        }

        AssertClose(DetachedForward(reference, x), model.forward(x), "after the override");
    }

    [Fact]
    public void Should_compute_the_same_from_a_frozen_copy_and_follow_the_weights_again_after_thawing()
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        var model = nn.Sequential(("fc", new SparseLinear(40, 16)));
        using var topology = Topology(model, 0.9);
        using var execution = SparseExecution.Attach(model, topology);
        var x = randn(3, 40);
        var weight = model.named_parameters().First().parameter;
        using var noGrad = no_grad();
        var live = model.forward(x);
        using (execution.Freeze())
        {
            AssertSame(live, model.forward(x));
        }

        weight.mul_(2);
        var bias = model.named_parameters().Last().parameter;
        AssertClose((live - bias) * 2, model.forward(x) - bias, "after thawing");
    }

    [Fact]
    public void Should_keep_dense_layers_masked_When_attaching()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var model = nn.Sequential(("fc1", new SparseLinear(200, 100)), ("fc2", nn.Linear(100, 10)), ("fc3", new SparseLinear(10, 3)));
        var named = model.named_parameters().Where(p => p.name.EndsWith(".weight", StringComparison.Ordinal)).ToList();
        using var topology = SparseTopology.Create(named, DensityDistributions.Get("erk"), 0.9, 3);
        using var execution = SparseExecution.Attach(model, topology);
        var byName = execution.Layers.ToDictionary(l => l.WeightName);
        Assert.True(byName["fc1.weight"].Sparse);
        Assert.False(byName["fc2.weight"].Sparse);
        Assert.Contains("not a SparseLinear", byName["fc2.weight"].Reason);
        Assert.False(byName["fc3.weight"].Sparse);
        Assert.Contains("density", byName["fc3.weight"].Reason);
        execution.Dispose();
        Assert.All(model.modules().OfType<SparseLinear>(), l => Assert.Null(l.Execution));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_equal_the_masked_update_When_the_optimizer_updates_active_weights_only(bool gradientRead)
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        var a = nn.Sequential(("fc", new SparseLinear(40, 20)));
        var b = nn.Sequential(("fc", new SparseLinear(40, 20)));
        b.load_state_dict(a.state_dict());
        using var topologyA = Topology(a, 0.7);
        using var topologyB = SparseTopology.FromMasks(b.named_parameters().Where(p => p.name == "fc.weight").Select(p => (p.name, p.parameter, topologyA["fc.weight"].Mask)));
        using var execution = SparseExecution.Attach(a, topologyA);
        execution.GradientRead = gradientRead;
        using var sgdA = new SgdOptimizer(a.named_parameters(), 0.1, 0.9, 5e-4);
        using var sgdB = new SgdOptimizer(b.named_parameters(), 0.1, 0.9, 5e-4);
        var x = randn(12, 40);
        for (var step = 0; step < 4; step++)
        {
            using var stepScope = NewDisposeScope();
            sgdA.ZeroGrad();
            a.forward(x).pow(2).mean().backward();
            sgdA.Step(consumeGradients: true, masks: topologyA.MasksByName(), active: execution.ActiveEntries());
            sgdB.ZeroGrad();
            b.forward(x).pow(2).mean().backward();
            sgdB.Step(consumeGradients: true, masks: topologyB.MasksByName());

            // Reading the momentum mid-training (a checkpoint) writes the compact buffer back and changes nothing.
            if (step == 1)
            {
                AssertClose(sgdB.MomentumOf("fc.weight")!, sgdA.MomentumOf("fc.weight")!, "momentum at step 1");
            }
        }

        var wa = a.named_parameters().First().parameter;
        var wb = b.named_parameters().First().parameter;
        AssertClose(wb, wa, "weights");
        Assert.Equal(0, wa.mul(topologyA["fc.weight"].Mask.logical_not()).count_nonzero().item<long>());
        AssertClose(sgdB.MomentumOf("fc.weight")!, sgdA.MomentumOf("fc.weight")!, "momentum");
    }

    private static SparseTopology Topology(nn.Module model, double sparsity)
    {
        var named = model.named_parameters().Where(p => p.name.EndsWith("weight", StringComparison.Ordinal)).ToList();
        return SparseTopology.Create(named, DensityDistributions.Get("uniform"), sparsity, 7);
    }

    private static Tensor DetachedForward(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        using var noGrad = no_grad();
        return model.forward(x);
    }

    private static void AssertSame(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), "tensors differ");
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        var diff = (expected - actual).abs().max().item<float>();
        var scale = Math.Max(1f, expected.abs().max().item<float>());
        Assert.True(diff <= 1e-5f * scale, $"{what}: max difference {diff} (scale {scale})");
    }

    private sealed class TestMagnitude : IPruningCriterion
    {
        public string Name => "test-magnitude";

        public string Description => "magnitude, for tests";

        public Tensor Score(MaskedLayer layer, MaskUpdateContext context) => layer.Weight.abs();
    }

    private sealed class TestRandomGrowth : IRegrowthRule
    {
        public string Name => "test-random";

        public string Description => "random growth, for tests";

        public Tensor Score(MaskedLayer layer, MaskUpdateContext context) => rand(layer.Weight.shape, generator: context.Generator);
    }
}
