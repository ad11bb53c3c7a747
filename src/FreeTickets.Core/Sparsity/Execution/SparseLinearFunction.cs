using static TorchSharp.torch;

namespace FreeTickets.Core.Sparsity.Execution;

/// <summary>
/// The autograd node of a sparse fully connected layer: inputs (x [B, in], weight [out, in], bias [out] or null, the
/// layer's <see cref="SparseLinearExecution"/>), output x W^T + b. Backward: dX through the active weights only (skipped
/// when x needs no gradient, as for a first layer), dW at the active positions (a sampled product) or, on the steps the
/// regrowth rule reads it, the dense dY^T X, and db = sum of dY.
/// </summary>
internal sealed class SparseLinearFunction : autograd.SingleTensorFunction<SparseLinearFunction>
{
    private const string LayerKey = "layer";
    private const string PatternKey = "pattern";
    private const string InputGradientKey = "input-gradient";
    private const string BiasKey = "bias";
    private const string WeightKey = "weight";

    public override string Name => "SparseLinearBackward";

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var weight = (Tensor)vars[1];
        var bias = vars[2] as Tensor;
        var layer = (SparseLinearExecution)vars[3];
        var pattern = layer.Pattern;

        // X^T is kept for the weight gradient; the transposed output is what the next sparse layer wants as its X^T.
        var xt = SparseLinearExecution.Transposed(input);
        ctx.save_for_backward([xt]);
        ctx.save_data(LayerKey, layer);
        ctx.save_data(PatternKey, pattern);
        ctx.save_data(InputGradientKey, input.requires_grad);
        ctx.save_data(BiasKey, bias is not null);
        ctx.save_data(WeightKey, new WeightHolder(weight));
        using var yt = SparseLinearExecution.Output(pattern, xt, weight, bias);
        return yt.t();
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        var xt = saved[0];
        var weight = ((WeightHolder)ctx.get_data(WeightKey)).Weight;
        var layer = (SparseLinearExecution)ctx.get_data(LayerKey);
        var pattern = (SparsePattern)ctx.get_data(PatternKey);
        var dyt = SparseLinearExecution.Transposed(grad_output);
        var dx = (bool)ctx.get_data(InputGradientKey) ? SparseLinearExecution.InputGradient(pattern, dyt, weight).t() : null;
        var db = (bool)ctx.get_data(BiasKey) ? dyt.sum(1) : null;

        // The weight gradient goes into .grad here, not back through autograd: the engine would copy a gradient that managed
        // code still references (a dispose scope does until the step ends), 1 MB per step for a first MNIST layer.
        var parameter = weight;
        using var existing = parameter.grad;
        if (layer.DenseGradient)
        {
            layer.UseDenseGradient();
            using var dense = dyt.mm(xt.t());
            Accumulate(parameter, existing, dense);
        }
        else if (existing is not null)
        {
            layer.UseDenseGradient();
            using var sampled = SparseLinearExecution.SampledWeightGradient(pattern, dyt, xt);
            existing.add_(sampled);
        }
        else if (layer.GradientRead)
        {
            layer.UseDenseGradient();
            parameter.grad = layer.SampledWeightGradientInPlace(pattern, dyt, xt);
        }
        else
        {
            // Nobody but the optimizer reads this step's gradient: it gets the compact form, and .grad is only marked set.
            parameter.grad = layer.SampledWeightGradientCompact(pattern, dyt, xt);
        }

        return [dx!, null!, db!, null!];
    }

    private static void Accumulate(Tensor parameter, Tensor? existing, Tensor gradient)
    {
        if (existing is null)
        {
            parameter.grad = gradient;
        }
        else
        {
            existing.add_(gradient);
        }
    }

    /// <summary>Carries the weight to the backward pass (autograd contexts keep tensors only through saved variables).</summary>
    private sealed record WeightHolder(Tensor Weight);
}
