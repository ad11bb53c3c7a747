using FreeTickets.Abstractions;
using FreeTickets.Core.Randomness;
using FreeTickets.Core.Sparsity;
using FreeTickets.Core.Tests.Sparsity.Plugins;
using FreeTickets.Core.Training;
using FreeTickets.Testing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Sparsity;

public sealed class SparseTopologyTests
{
    private const ulong CellSeed = 1234;

    public static TheoryData<long[], double, double> ShapesSparsitiesDrops()
    {
        var data = new TheoryData<long[], double, double>();
        foreach (var shape in new long[][] { [8, 4], [16, 8, 3, 3], [300, 784] })
        {
            foreach (var sparsity in new[] { 0.5, 0.8, 0.9, 0.99 })
            {
                foreach (var drop in new[] { 0.1, 0.3, 0.5, 1.0 })
                {
                    data.Add(shape, sparsity, drop);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShapesSparsitiesDrops))]
    public void Should_keep_active_count_When_pruning_and_regrowing(long[] shape, double sparsity, double drop)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var weight = new Parameter(randn(shape));
        var n = weight.numel();
        var expected = (long)Math.Round((1 - sparsity) * n, MidpointRounding.AwayFromZero);

        using var topology = SparseTopology.Create([("w", weight)], new UniformDensityDistribution(), sparsity, 99);
        Assert.Equal(expected, topology.ActiveCount("w"));
        Assert.Equal(expected, topology.Layers[0].TargetActiveCount);
        Assert.Equal(0L, weight.mul(topology.Layers[0].Mask.eq(0)).count_nonzero().item<long>());

        // A gradient exists from here on, so gradient regrowth has something to rank.
        (weight * randn(shape)).sum().backward();
        var magnitudeRandom = topology.Update(new MagnitudeTestCriterion(), new RandomTestRule(), drop, 100, null, CellSeed);
        var magnitudeGradient = topology.Update(new MagnitudeTestCriterion(), new TestGradientRegrowthRule(), drop, 200, null, CellSeed);

        foreach (var result in new[] { magnitudeRandom, magnitudeGradient })
        {
            var layer = Assert.Single(result.Layers);
            Assert.Equal(expected, layer.Active);
            Assert.Equal(SparseTopology.DropCount(drop, expected), layer.Pruned);
            Assert.Equal(layer.Pruned, layer.Grown);
        }

        Assert.Equal(expected, topology.ActiveCount("w"));
        Assert.Equal(0L, weight.mul(topology.Layers[0].Mask.eq(0)).count_nonzero().item<long>());
        Assert.Equal((double)expected / n, topology.Densities["w"], 12);
    }

    [Fact]
    public void Should_match_hand_computed_mask_When_magnitude_prunes_and_gradient_regrows()
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(tensor(new[] { 0.5f, -0.1f, 0.9f, 0.8f, 0.4f, -0.3f, 0.05f, 0f }).reshape(2, 4));
        var mask = tensor(new[] { 1f, 1f, 0f, 1f, 0f, 1f, 1f, 0f }).reshape(2, 4);
        using var topology = SparseTopology.FromMasks([("w", weight, mask)]);
        using var sgd = new SgdOptimizer([("w", weight)], lr: 0.0, momentum: 0.9, weightDecay: 0.0);

        // grad = c, and with lr 0 the first step makes momentum = grad without moving the weights.
        var grad = tensor(new[] { 0.0f, 0.9f, 0.7f, 5.0f, 0.2f, 0.6f, 0.1f, -0.4f }).reshape(2, 4);
        (weight * grad).sum().backward();
        sgd.Step();
        topology.ApplyMasksToMomentum(sgd);

        // Active 5 -> drop ceil(0.5 * 5) = 3. |w| of active {0:.5, 1:.1, 3:.8, 5:.3, 6:.05}: keep 3 and 0.
        // |grad| over inactive-after-prune {1:.9, 2:.7, 4:.2, 5:.6, 6:.1, 7:.4}: grow 1, 2, 5 (3's 5.0 is active).
        var result = topology.Update(new MagnitudeTestCriterion(), new TestGradientRegrowthRule(), 0.5, 10, sgd, CellSeed);

        Assert.Equal([1f, 1f, 1f, 1f, 0f, 1f, 0f, 0f], topology.Layers[0].Mask.reshape(-1).data<float>().ToArray());
        Assert.Equal([0.5f, 0f, 0f, 0.8f, 0f, 0f, 0f, 0f], weight.reshape(-1).data<float>().ToArray());
        Assert.Equal([0f, 0f, 0f, 5.0f, 0f, 0f, 0f, 0f], sgd.MomentumOf("w")!.reshape(-1).data<float>().ToArray());
        Assert.Equal(new LayerUpdateCounts("w", 5, 3, 3, 1), Assert.Single(result.Layers));
    }

    [Fact]
    public void Should_draw_each_weight_with_the_layer_density_When_masks_are_bernoulli()
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(randn(300, 784));
        var n = weight.numel();

        using var exact = SparseTopology.Create([("w", weight)], new UniformDensityDistribution(), 0.8, 99);
        using var bernoulli = SparseTopology.Create([("w", new Parameter(randn(300, 784)))], new UniformDensityDistribution(), 0.8, 99, bernoulli: true);
        using var again = SparseTopology.Create([("w", new Parameter(randn(300, 784)))], new UniformDensityDistribution(), 0.8, 99, bernoulli: true);

        var drawn = bernoulli.ActiveCount("w");
        Assert.NotEqual(exact.ActiveCount("w"), drawn);

        // Binomial(235,200, 0.2): a standard deviation of 194 weights; 5 of them is a wide margin, and the same seed draws
        // the same mask, so the test is deterministic.
        Assert.InRange(drawn, (0.2 * n) - 970, (0.2 * n) + 970);
        Assert.Equal(drawn, bernoulli.Layers[0].TargetActiveCount);
        Assert.True(bernoulli.Layers[0].Mask.equal(again.Layers[0].Mask).all().item<bool>());
    }

    [Fact]
    public void Should_keep_the_drawn_count_When_updating_a_bernoulli_topology()
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(randn(40, 30));
        using var topology = SparseTopology.Create([("w", weight)], new UniformDensityDistribution(), 0.7, 5, bernoulli: true);
        var drawn = topology.ActiveCount("w");

        topology.Update(new MagnitudeTestCriterion(), new RandomTestRule(), 0.5, 1, null, CellSeed);

        Assert.Equal(drawn, topology.ActiveCount("w"));
    }

    [Fact]
    public void Should_leave_momentum_alone_When_updating_with_kept_momentum()
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(tensor(new[] { 0.5f, -0.1f, 0.9f, 0.8f, 0.4f, -0.3f, 0.05f, 0f }).reshape(2, 4));
        var mask = tensor(new[] { 1f, 1f, 0f, 1f, 0f, 1f, 1f, 0f }).reshape(2, 4);
        using var topology = SparseTopology.FromMasks([("w", weight, mask)]);
        using var sgd = new SgdOptimizer([("w", weight)], lr: 0.0, momentum: 0.9, weightDecay: 0.0);
        var grad = tensor(new[] { 0.0f, 0.9f, 0.7f, 5.0f, 0.2f, 0.6f, 0.1f, -0.4f }).reshape(2, 4);
        (weight * grad).sum().backward();
        sgd.Step(masks: topology.MasksByName(), maskMomentum: false);

        topology.Update(new MagnitudeTestCriterion(), new TestGradientRegrowthRule(), 0.5, 10, sgd, CellSeed, zeroMomentum: false);

        // Same masks and weights as the zeroing update of the hand-computed example, but the dense buffer is untouched.
        Assert.Equal([1f, 1f, 1f, 1f, 0f, 1f, 0f, 0f], topology.Layers[0].Mask.reshape(-1).data<float>().ToArray());
        Assert.Equal([0.5f, 0f, 0f, 0.8f, 0f, 0f, 0f, 0f], weight.reshape(-1).data<float>().ToArray());
        Assert.Equal(grad.reshape(-1).data<float>().ToArray(), sgd.MomentumOf("w")!.reshape(-1).data<float>().ToArray());
    }

    [Fact]
    public void Should_match_hand_computed_mask_When_magnitude_prunes_and_random_regrows()
    {
        using var scope = NewDisposeScope();
        // Float64 weights: the rule draws its scores in the weight's dtype, and the golden below was drawn in Float64.
        var weight = new Parameter(tensor(new[] { 0.5, -0.1, 0.9, 0.8, 0.4, -0.3, 0.05, 0.0 }).reshape(2, 4));
        var mask = tensor(new[] { 1f, 1f, 0f, 1f, 0f, 1f, 1f, 0f }).reshape(2, 4);
        using var topology = SparseTopology.FromMasks([("w", weight, mask)]);

        var result = topology.Update(new MagnitudeTestCriterion(), new RandomTestRule(), 0.5, 13, null, CellSeed);

        // Independently: the rule draws from Generator(StableSeed(cell, "w", 13, "regrow")); keep {0, 3}, then the
        // three inactive positions with the largest draws.
        using var generator = new Generator(StableSeed.Derive(CellSeed, "w", 13L, "regrow"), CPU);
        var draws = rand(new long[] { 2, 4 }, dtype: ScalarType.Float64, generator: generator).reshape(-1).data<double>().ToArray();
        var expected = new float[8];
        expected[0] = expected[3] = 1f;
        foreach (var i in new[] { 1, 2, 4, 5, 6, 7 }.OrderByDescending(i => draws[i]).Take(3))
        {
            expected[i] = 1f;
        }

        var actual = topology.Layers[0].Mask.reshape(-1).to_type(ScalarType.Float32).data<float>().ToArray();
        Assert.Equal(expected, actual);

        // Pinned golden for this seed: changes only if StableSeed or torch's generator changes.
        Assert.Equal([1f, 1f, 0f, 1f, 0f, 1f, 0f, 1f], actual);
        Assert.Equal(0.0, weight.mul(topology.Layers[0].Mask.eq(0)).abs().sum().item<double>());
        Assert.Equal(0.5 + 0.8, weight.abs().sum().item<double>(), 6);

        // Grown {1, 5, 7}: 1 and 5 were just pruned (back at zero), 7 is new.
        Assert.Equal(new LayerUpdateCounts("w", 5, 3, 3, 1), Assert.Single(result.Layers));
    }

    [Fact]
    public void Should_keep_masked_weights_and_momentum_zero_When_training_steps()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var model = nn.Linear(20, 10);
        var x = randn(32, 20);
        var y = randn(32, 10);
        using var topology = SparseTopology.Create(
            model.named_parameters().Where(p => p.parameter.dim() >= 2), new ErkDensityDistribution(), 0.8, 5);
        using var sgd = new SgdOptimizer(model.named_parameters(), lr: 0.1, momentum: 0.9, weightDecay: 5e-4);
        var layer = topology["weight"];

        for (var step = 0; step < 6; step++)
        {
            using var stepScope = NewDisposeScope();
            sgd.ZeroGrad();
            nn.functional.mse_loss(model.forward(x), y).backward();
            sgd.Step();
            topology.ApplyMasks();
            topology.ApplyMasksToMomentum(sgd);
            if (step == 2)
            {
                topology.Update(new MagnitudeTestCriterion(), new TestGradientRegrowthRule(), 0.3, step, sgd, CellSeed);
            }

            var inactive = layer.Mask.eq(0);
            Assert.Equal(0L, layer.Parameter.masked_select(inactive).count_nonzero().item<long>());
            Assert.Equal(0L, sgd.MomentumOf("weight")!.masked_select(inactive).count_nonzero().item<long>());
            Assert.Equal(layer.TargetActiveCount, layer.CountActive());
        }

        // The dense gradient is kept: inactive positions still have gradients for RigL to rank.
        Assert.True(layer.Parameter.grad!.masked_select(layer.Mask.eq(0)).count_nonzero().item<long>() > 0);
    }

    [Fact]
    public void Should_give_the_same_bits_When_masking_inside_the_update_instead_of_weights_and_momentum_after_it()
    {
        // TrainingLoop's path (the masked SGD update, weight decay in the gradient's storage except before an update)
        // against the classic one (unmasked step, then mask weights and momentum): identical weights and momentum, bit for
        // bit, across two topology updates that prune and regrow.
        using var scope = NewDisposeScope();
        var results = new List<(Tensor Weight, Tensor Momentum, Tensor Mask)>();
        foreach (var fast in new[] { false, true })
        {
            manual_seed(21);
            var model = nn.Sequential(("fc1", nn.Linear(12, 16)), ("relu", nn.ReLU()), ("fc2", nn.Linear(16, 4)));
            var x = randn(24, 12);
            var y = randn(24, 4);
            var topology = SparseTopology.Create(
                model.named_parameters().Where(p => p.parameter.dim() >= 2), new ErkDensityDistribution(), 0.7, 9);
            var sgd = new SgdOptimizer(model.named_parameters(), lr: 0.1, momentum: 0.9, weightDecay: 5e-4);
            for (var step = 0; step < 12; step++)
            {
                using var stepScope = NewDisposeScope();
                sgd.ZeroGrad();
                nn.functional.mse_loss(model.forward(x), y).backward();
                var updateFollows = step is 4 or 8;
                if (fast)
                {
                    sgd.Step(consumeGradients: !updateFollows, masks: topology.MasksByName());
                }
                else
                {
                    sgd.Step();
                    topology.ApplyMasks();
                    topology.ApplyMasksToMomentum(sgd);
                }

                if (updateFollows)
                {
                    topology.Update(new MagnitudeTestCriterion(), new TestGradientRegrowthRule(), 0.5, step, sgd, CellSeed);
                }
            }

            var weight = topology["fc1.weight"].Parameter.detach().clone().DetachFromDisposeScope();
            var momentum = sgd.MomentumOf("fc1.weight")!.clone().DetachFromDisposeScope();
            results.Add((weight, momentum, topology["fc1.weight"].Mask.clone().DetachFromDisposeScope()));
            topology.Dispose();
            sgd.Dispose();
        }

        Assert.True(Same(results[0].Mask, results[1].Mask), "the updates chose different connections");
        Assert.True(Same(results[0].Weight, results[1].Weight), "weights differ");
        Assert.True(Same(results[0].Momentum, results[1].Momentum), "momentum differs");
        Assert.Equal(0L, results[1].Weight.mul(results[1].Mask.eq(0)).count_nonzero().item<long>());
        foreach (var (w, m, k) in results)
        {
            w.Dispose();
            m.Dispose();
            k.Dispose();
        }
    }

    [Fact]
    public void Should_keep_dense_gradient_statistics_unmasked_and_unreset_When_the_rule_asks_for_them()
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(tensor(new[] { 0.5f, -0.1f, 0.9f, 0.8f, 0.4f, -0.3f, 0.05f, 0f }).reshape(2, 4));
        var mask = tensor(new[] { 1f, 1f, 0f, 1f, 0f, 1f, 1f, 0f }).reshape(2, 4);
        using var topology = SparseTopology.FromMasks([("w", weight, mask)]);
        using var sgd = new SgdOptimizer([("w", weight)], lr: 0.0, momentum: 0.5, weightDecay: 0.1);
        topology.TrackGradientStatistics(GradientStatistics.Momentum | GradientStatistics.SquareAverage, 0.5);
        var g1 = tensor(new[] { 1f, 2f, 3f, 4f, -1f, -2f, -3f, -4f }).reshape(2, 4);
        var g2 = tensor(new[] { 2f, 0f, -2f, 0f, 2f, 0f, -2f, 0f }).reshape(2, 4);

        foreach (var g in new[] { g1, g2 })
        {
            sgd.ZeroGrad();
            (weight * g).sum().backward();
            topology.AccumulateGradientStatistics();
            sgd.Step();
            topology.ApplyMasks();
            topology.ApplyMasksToMomentum(sgd);
        }

        // buf = 0.5 g1 + g2 everywhere (no weight decay, no mask); v = 0.999 * 0.001 g1^2 + 0.001 g2^2.
        var layer = topology.Layers[0];
        var expectedMomentum = (g1 * 0.5) + g2;
        var expectedSquare = (g1 * g1 * (0.999 * 0.001)) + (g2 * g2 * 0.001);
        Assert.True(layer.GradientMomentum!.allclose(expectedMomentum, rtol: 0, atol: 0));
        Assert.True(layer.GradientSquareAverage!.allclose(expectedSquare, rtol: 1e-6, atol: 0));
        Assert.Equal(0L, sgd.MomentumOf("w")!.mul(mask.eq(0)).count_nonzero().item<long>());

        var spy = new StatisticsSpy();
        topology.Update(new MagnitudeTestCriterion(), spy, 0.5, 2, sgd, CellSeed);

        Assert.True(spy.Momentum!.allclose(expectedMomentum, rtol: 0, atol: 0));
        Assert.True(layer.GradientMomentum!.allclose(expectedMomentum, rtol: 0, atol: 0), "a topology update must not reset the statistics");
    }

    [Fact]
    public void Should_keep_no_statistics_and_show_none_When_nothing_is_tracked()
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(randn(8, 4));
        using var topology = SparseTopology.Create([("w", weight)], new UniformDensityDistribution(), 0.5, 1);
        weight.sum().backward();

        topology.AccumulateGradientStatistics();
        var spy = new StatisticsSpy();
        topology.Update(new MagnitudeTestCriterion(), spy, 0.5, 1, null, CellSeed);

        Assert.Equal(GradientStatistics.None, topology.TrackedStatistics);
        Assert.Null(topology.Layers[0].GradientMomentum);
        Assert.Null(topology.Layers[0].GradientSquareAverage);
        Assert.True(spy.Called);
        Assert.Null(spy.Momentum);
    }

    [Fact]
    public void Should_give_identical_masks_When_seeds_are_equal()
    {
        using var scope = NewDisposeScope();
        var first = RunTwoUpdates(seed: 7);
        var second = RunTwoUpdates(seed: 7);
        var other = RunTwoUpdates(seed: 8);

        Assert.Equal(first.data<float>().ToArray(), second.data<float>().ToArray());
        Assert.NotEqual(first.data<float>().ToArray(), other.data<float>().ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Should_stay_exact_When_all_scores_tie(double value)
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(zeros(16, 8, 3, 3));
        using var topology = SparseTopology.Create([("conv", weight)], new UniformDensityDistribution(), 0.9, 1);
        var active = topology.ActiveCount("conv");

        // All-zero weights (magnitude ties) and all-zero gradients (gradient ties).
        weight.sum().backward();
        weight.grad!.zero_();
        var tie = new ConstantScorePlugin(value);
        foreach (var drop in new[] { 0.1, 0.5, 1.0 })
        {
            topology.Update(new MagnitudeTestCriterion(), new TestGradientRegrowthRule(), drop, 1, null, CellSeed);
            topology.Update(tie, tie, drop, 2, null, CellSeed);
            Assert.Equal(active, topology.ActiveCount("conv"));
        }
    }

    [Fact]
    public void Should_stay_exact_When_plugin_returns_NaN_and_infinity()
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(randn(8, 4));
        using var topology = SparseTopology.Create([("w", weight)], new UniformDensityDistribution(), 0.5, 1);
        var plugin = new AdversarialPlugin(AdversarialPlugin.Misbehaviour.NaNAndInfinity);
        topology.Update(plugin, plugin, 0.5, 1, null, CellSeed);
        Assert.Equal(16L, topology.ActiveCount("w"));
    }

    [Fact]
    public void Should_name_layer_and_plugin_When_score_has_wrong_shape()
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(randn(8, 4));
        using var topology = SparseTopology.Create([("fc1.weight", weight)], new UniformDensityDistribution(), 0.5, 1);
        var plugin = new AdversarialPlugin(AdversarialPlugin.Misbehaviour.WrongShape);

        var pruneError = Assert.Throws<InvalidOperationException>(
            () => topology.Update(plugin, new RandomTestRule(), 0.5, 1, null, CellSeed));
        Assert.Contains("fc1.weight", pruneError.Message, StringComparison.Ordinal);
        Assert.Contains("pruning criterion 'test-adversarial'", pruneError.Message, StringComparison.Ordinal);

        var regrowError = Assert.Throws<InvalidOperationException>(
            () => topology.Update(new MagnitudeTestCriterion(), plugin, 0.5, 1, null, CellSeed));
        Assert.Contains("regrowth rule 'test-adversarial'", regrowError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_engine_owned_tensor_When_plugin_returns_the_weight()
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(randn(8, 4));
        using var topology = SparseTopology.Create([("w", weight)], new UniformDensityDistribution(), 0.5, 1);
        var plugin = new AdversarialPlugin(AdversarialPlugin.Misbehaviour.ReturnsWeight);

        var error = Assert.Throws<InvalidOperationException>(
            () => topology.Update(plugin, new RandomTestRule(), 0.5, 1, null, CellSeed));
        Assert.Contains("engine-owned", error.Message, StringComparison.Ordinal);
        Assert.Equal(32L, weight.numel());
        Assert.Equal(16L, topology.ActiveCount("w"));
    }

    [Fact]
    public void Should_give_each_layer_its_ERK_count_When_created()
    {
        using var scope = NewDisposeScope();
        var layers = new (string Name, Parameter Param)[]
        {
            ("conv1.weight", new Parameter(randn(16, 3, 3, 3))),
            ("conv2.weight", new Parameter(randn(32, 16, 3, 3))),
            ("fc.weight", new Parameter(randn(10, 512))),
        };
        var densities = new ErkDensityDistribution().Densities(layers.Select(l => l.Param.shape).ToList(), 0.9);

        using var topology = SparseTopology.Create(layers, new ErkDensityDistribution(), 0.9, 3);
        for (var i = 0; i < layers.Length; i++)
        {
            var expected = SparseTopology.ActiveCountFor(densities[i], layers[i].Param.numel());
            Assert.Equal(expected, topology.ActiveCount(layers[i].Name));
        }

        Assert.Equal(layers.Sum(l => l.Param.numel()), topology.TotalWeights);
        Assert.InRange(topology.Density, 0.0999, 0.1001);
    }

    [Fact]
    public void Should_pass_post_prune_mask_and_context_When_calling_regrowth_rule()
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(randn(8, 4));
        using var topology = SparseTopology.Create([("w", weight)], new UniformDensityDistribution(), 0.5, 1);
        var spy = new SpyRegrowthRule();
        topology.Update(new MagnitudeTestCriterion(), spy, 0.25, 42, null, CellSeed);

        Assert.Equal(16 - 4, spy.ActiveSeen);
        Assert.Equal(42L, spy.StepSeen);
        Assert.Equal(0.25, spy.DropFractionSeen);
    }

    [Theory]
    [InlineData(0.3, 10L, 3L)]
    [InlineData(0.5, 5L, 3L)]
    [InlineData(0.1, 1L, 1L)]
    [InlineData(0.2, 5L, 1L)]
    [InlineData(0.0, 10L, 0L)]
    [InlineData(1.0, 7L, 7L)]
    [InlineData(0.3, 0L, 0L)]
    public void Should_round_up_drop_count_When_p_times_active_is_fractional(double p, long active, long expected)
    {
        Assert.Equal(expected, SparseTopology.DropCount(p, active));
    }

    private static Tensor RunTwoUpdates(ulong seed)
    {
        var weight = new Parameter(ones(16, 8, 3, 3));
        using var topology = SparseTopology.Create([("conv", weight)], new UniformDensityDistribution(), 0.8, seed);
        topology.Update(new TestRandomCriterion(), new RandomTestRule(), 0.3, 10, null, seed);
        topology.Update(new TestRandomCriterion(), new RandomTestRule(), 0.3, 20, null, seed);
        return topology.Layers[0].Mask.clone();
    }

    private sealed class StatisticsSpy : IRegrowthRule
    {
        public string Name => "test-statistics-spy";

        public string Description => "copies the dense-gradient momentum it sees (test only)";

        public RegrowthCost Cost => RegrowthCost.DenseGradientEveryStep;

        public GradientStatistics GradientStatistics => GradientStatistics.Momentum;

        public bool Called { get; private set; }

        public Tensor? Momentum { get; private set; }

        public Tensor Score(MaskedLayer layer, MaskUpdateContext context)
        {
            Called = true;
            Momentum = layer.GradientMomentum?.clone().DetachFromDisposeScope();
            return zeros_like(layer.Weight);
        }
    }

    private sealed class SpyRegrowthRule : IRegrowthRule
    {
        public string Name => "test-spy";

        public string Description => "records what it sees (test only)";

        public long ActiveSeen { get; private set; }

        public long StepSeen { get; private set; }

        public double DropFractionSeen { get; private set; }

        public Tensor Score(MaskedLayer layer, MaskUpdateContext context)
        {
            ActiveSeen = layer.Mask.count_nonzero().item<long>();
            StepSeen = context.Step;
            DropFractionSeen = context.DropFraction;
            return rand(layer.Weight.shape, generator: context.Generator);
        }
    }

    private static bool Same(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }
}
