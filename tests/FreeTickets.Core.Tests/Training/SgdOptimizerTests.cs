using FreeTickets.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Training;

public sealed class SgdOptimizerTests
{
    [Theory]
    [InlineData(0.1, 0.0, 0.0)]
    [InlineData(0.1, 0.9, 0.0)]
    [InlineData(0.05, 0.9, 5e-4)]
    [InlineData(0.2, 0.5, 0.01)]
    public void Should_match_torch_optim_SGD_When_stepping_a_linear_model(double lr, double momentum, double weightDecay)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var ours = nn.Linear(6, 3);
        var theirs = nn.Linear(6, 3);
        theirs.load_state_dict(ours.state_dict());
        var x = randn(16, 6);
        var y = randn(16, 3);

        using var sgd = new SgdOptimizer(ours.named_parameters(), lr, momentum, weightDecay);
        using var reference = optim.SGD(theirs.parameters(), lr, momentum, 0.0, weightDecay, false, false);
        for (var step = 0; step < 5; step++)
        {
            using var stepScope = NewDisposeScope();
            sgd.ZeroGrad();
            nn.functional.mse_loss(ours.forward(x), y).backward();
            sgd.Step();

            reference.zero_grad();
            nn.functional.mse_loss(theirs.forward(x), y).backward();
            reference.step();
        }

        foreach (var ((name, a), (_, b)) in ours.named_parameters().Zip(theirs.named_parameters()))
        {
            var maxDiff = (a - b).abs().max().item<float>();
            Assert.True(maxDiff <= 1e-6f, $"{name} differs by {maxDiff}");
        }

        Assert.Equal(momentum == 0.0 ? 0 : 2, sgd.MomentumBuffers.Count);
    }

    [Fact]
    public void Should_match_a_dense_torch_SGD_step_then_masking_the_weights_When_keeping_inactive_momentum()
    {
        // The released FreeTickets code: optimizer.step() on dense gradients and buffers, then weight *= mask.
        using var scope = NewDisposeScope();
        manual_seed(11);
        var ours = nn.Linear(6, 3);
        var theirs = nn.Linear(6, 3);
        var mask = (rand(3, 6) < 0.5).to(float32);
        using (no_grad())
        {
            ours.weight!.mul_(mask);
        }

        theirs.load_state_dict(ours.state_dict());
        var x = randn(16, 6);
        var y = randn(16, 3);
        var masks = new Dictionary<string, Tensor> { ["weight"] = mask };
        using var sgd = new SgdOptimizer(ours.named_parameters(), lr: 0.1, momentum: 0.9, weightDecay: 5e-4);
        using var reference = optim.SGD(theirs.parameters(), 0.1, 0.9, 0.0, 5e-4, false, false);
        for (var step = 0; step < 5; step++)
        {
            using var stepScope = NewDisposeScope();
            sgd.ZeroGrad();
            nn.functional.mse_loss(ours.forward(x), y).backward();
            sgd.Step(masks: masks, maskMomentum: false);

            reference.zero_grad();
            nn.functional.mse_loss(theirs.forward(x), y).backward();
            reference.step();
            using (no_grad())
            {
                theirs.weight!.mul_(mask);
            }
        }

        foreach (var ((name, a), (_, b)) in ours.named_parameters().Zip(theirs.named_parameters()))
        {
            var maxDiff = (a - b).abs().max().item<float>();
            Assert.True(maxDiff <= 1e-6f, $"{name} differs by {maxDiff}");
        }

        Assert.Equal(0L, ours.weight!.mul(mask.eq(0)).count_nonzero().item<long>());
        Assert.True(sgd.MomentumOf("weight")!.mul(mask.eq(0)).count_nonzero().item<long>() > 0, "inactive weights keep accumulating momentum");
    }

    [Fact]
    public void Should_give_the_same_bits_When_consuming_the_gradients()
    {
        using var scope = NewDisposeScope();
        var weights = new List<Tensor>();
        foreach (var consume in new[] { false, true })
        {
            manual_seed(3);
            var model = nn.Linear(9, 5);
            var x = randn(20, 9);
            var y = randn(20, 5);
            using var sgd = new SgdOptimizer(model.named_parameters(), lr: 0.1, momentum: 0.9, weightDecay: 5e-4);
            for (var step = 0; step < 4; step++)
            {
                sgd.ZeroGrad();
                nn.functional.mse_loss(model.forward(x), y).backward();
                using var grad = model.weight!.grad!.clone();
                sgd.Step(consumeGradients: consume);
                // The default step leaves the gradient as backward wrote it; a consuming one adds the weight decay to it.
                Assert.Equal(!consume, Same(model.weight!.grad!, grad));
            }

            weights.Add(model.weight!.detach().clone());
        }

        Assert.True(Same(weights[0], weights[1]));
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.0)]
    public void Should_keep_masked_positions_zero_and_match_an_unmasked_step_elsewhere_When_given_masks(double momentum)
    {
        using var scope = NewDisposeScope();
        var results = new List<Tensor>();
        foreach (var masked in new[] { false, true })
        {
            manual_seed(5);
            var model = nn.Linear(7, 4);
            var mask = (rand(4, 7) > 0.5).to(ScalarType.Float32);
            using (no_grad())
            {
                model.weight!.mul_(mask);
            }

            var x = randn(16, 7);
            var y = randn(16, 4);
            using var sgd = new SgdOptimizer(model.named_parameters(), lr: 0.1, momentum: momentum, weightDecay: 5e-4);
            for (var step = 0; step < 4; step++)
            {
                sgd.ZeroGrad();
                nn.functional.mse_loss(model.forward(x), y).backward();
                if (masked)
                {
                    sgd.Step(masks: new Dictionary<string, Tensor> { ["weight"] = mask });
                }
                else
                {
                    sgd.Step();
                    using (no_grad())
                    {
                        model.weight!.mul_(mask);
                        sgd.MomentumOf("weight")?.mul_(mask);
                    }
                }

                Assert.Equal(0L, model.weight!.detach().mul(mask.eq(0)).count_nonzero().item<long>());
            }

            results.Add(model.weight!.detach().clone());
            results.Add(model.bias!.detach().clone());
        }

        Assert.True(Same(results[0], results[2]), "masked weights differ from step-then-mask");
        Assert.True(Same(results[1], results[3]), "the bias, which has no mask, differs");
    }

    [Fact]
    public void Should_drop_the_gradients_When_zeroing()
    {
        using var scope = NewDisposeScope();
        var p = new Parameter(ones(3));
        using var sgd = new SgdOptimizer([("p", p)], lr: 0.1, momentum: 0.9, weightDecay: 0.0);
        (p * 2).sum().backward();
        Assert.NotNull(p.grad);
        sgd.ZeroGrad();
        Assert.Null(p.grad);

        // The next backward starts from nothing, not from the old gradient.
        (p * 3).sum().backward();
        Assert.Equal(9f, p.grad!.sum().item<float>());
    }

    [Fact]
    public void Should_follow_pytorch_formula_When_stepping_by_hand()
    {
        using var scope = NewDisposeScope();
        var p = new Parameter(tensor(new[] { 1.0 }, dtype: ScalarType.Float64));
        using var sgd = new SgdOptimizer([("p", p)], lr: 0.1, momentum: 0.9, weightDecay: 0.01);

        // grad 0.5 twice: d = 0.51, buf = 0.51, p = 0.949; then d = 0.50949, buf = 0.96849, p = 0.852151.
        (p * 0.5).sum().backward();
        sgd.Step();
        Assert.Equal(0.949, p.item<double>(), 12);
        Assert.Equal(0.51, sgd.MomentumOf("p")!.item<double>(), 12);

        sgd.ZeroGrad();
        (p * 0.5).sum().backward();
        sgd.Step();
        Assert.Equal(0.852151, p.item<double>(), 12);
        Assert.Equal(0.96849, sgd.MomentumOf("p")!.item<double>(), 12);
    }

    [Fact]
    public void Should_skip_parameters_without_gradient_When_stepping()
    {
        using var scope = NewDisposeScope();
        var p = new Parameter(ones(3));
        using var sgd = new SgdOptimizer([("p", p)], lr: 0.1, momentum: 0.9, weightDecay: 0.1);
        sgd.Step();
        Assert.Equal(3f, p.sum().item<float>());
        Assert.Null(sgd.MomentumOf("p"));
    }

    [Fact]
    public void Should_keep_momentum_buffers_When_caller_scope_is_disposed()
    {
        var p = new Parameter(ones(4));
        using var sgd = new SgdOptimizer([("p", p)], lr: 0.1, momentum: 0.9, weightDecay: 0.0);
        using (NewDisposeScope())
        {
            (p * 2).sum().backward();
            sgd.Step();
        }

        Assert.Equal(8f, sgd.MomentumOf("p")!.sum().item<float>());
        p.Dispose();
    }

    [Fact]
    public void Should_use_new_learning_rate_When_set_between_steps()
    {
        using var scope = NewDisposeScope();
        var p = new Parameter(zeros(1));
        using var sgd = new SgdOptimizer([("p", p)], lr: 1.0, momentum: 0.0, weightDecay: 0.0);
        sgd.LearningRate = 0.25;
        p.sum().backward();
        sgd.Step();
        Assert.Equal(-0.25f, p.item<float>());
    }

    [Fact]
    public void Should_reject_duplicate_names_When_created()
    {
        using var scope = NewDisposeScope();
        var p = new Parameter(zeros(1));
        Assert.Throws<ArgumentException>(() => new SgdOptimizer([("p", p), ("p", p)], 0.1, 0.9, 0.0));
    }

    private static bool Same(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }
}
