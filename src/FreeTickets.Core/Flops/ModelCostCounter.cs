using FreeTickets.Abstractions;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Core.Flops;

/// <summary>
/// Measures a model's <see cref="ModelCost"/> by running it once: a forward hook on every Linear and Conv1d/2d/3d
/// records the size of its output, which gives the output spatial positions each weight is applied at.
/// </summary>
/// <remarks>
/// TorchSharp runs forward hooks from <c>Module.call</c> only, not from <c>forward</c>: a model whose
/// <c>forward</c> calls a submodule's <c>forward</c> directly hides it from the hook. Rather than undercount, a
/// Linear or convolution that was never seen during the pass is an error naming the layer. A layer run several times
/// (weight sharing) counts every run. Non-weight operations (BatchNorm, activations, pooling, additions) are not
/// counted, as in RigL and the reference figures.
/// </remarks>
public static class ModelCostCounter
{
    /// <summary>
    /// Runs one forward pass of <paramref name="model"/> on a zero batch of one example of shape
    /// <paramref name="inputShape"/> (without the batch dimension), in eval mode and without gradients, restoring every
    /// module's training mode afterwards. <paramref name="isSparsifiable"/> receives each parameter's
    /// <c>named_parameters()</c> name and tensor.
    /// </summary>
    /// <exception cref="InvalidOperationException">A Linear or convolution was not reached through <c>call</c>, or a
    /// sparsifiable parameter is not the weight of a Linear or convolution (its MACs could not be counted).</exception>
    public static ModelCost Count(nn.Module<Tensor, Tensor> model, IReadOnlyList<long> inputShape, Func<string, Tensor, bool> isSparsifiable)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(isSparsifiable);

        var modules = new List<(string Name, nn.Module Module)> { (string.Empty, model) };
        modules.AddRange(model.named_modules().Where(m => !ReferenceEquals(m.module, model)).Select(m => (m.name, m.module)));

        var counted = new Dictionary<string, (nn.Module<Tensor, Tensor> Module, long[] Shape, long Weights)>();
        foreach (var (name, module) in modules)
        {
            if (module is Linear or SparseLinear or Conv1d or Conv2d or Conv3d)
            {
                var weight = module.named_parameters(recurse: false).FirstOrDefault(p => p.name == "weight").parameter
                    ?? throw new InvalidOperationException($"layer '{name}' has no weight parameter");
                counted.Add(ParameterName(name, "weight"), ((nn.Module<Tensor, Tensor>)module, weight.shape, weight.numel()));
            }
        }

        var positions = counted.Keys.ToDictionary(k => k, _ => 0L);
        var removers = new List<nn.HookableModule<Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>, Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor>>.HookRemover>();
        var trainingModes = modules.Select(m => (m.Module, m.Module.training)).ToList();
        try
        {
            foreach (var (parameterName, layer) in counted)
            {
                var outputsPerPosition = layer.Shape[0];
                removers.Add(layer.Module.register_forward_hook((_, _, output) =>
                {
                    // Batch of one: the output holds outputsPerPosition values (out features or out channels) per position.
                    positions[parameterName] += output.numel() / outputsPerPosition;
                    return output;
                }));
            }

            model.eval();
            var firstParameter = model.parameters().FirstOrDefault();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var shape = new long[inputShape.Count + 1];
            shape[0] = 1;
            for (var i = 0; i < inputShape.Count; i++)
            {
                shape[i + 1] = inputShape[i];
            }

            var input = zeros(shape, dtype: firstParameter?.dtype ?? float32, device: firstParameter?.device ?? CPU);
            model.call(input);
        }
        finally
        {
            foreach (var remover in removers)
            {
                remover.remove();
            }

            // Pre-order, so a parent's recursive train() is overridden by its children's own modes.
            foreach (var (module, training) in trainingModes)
            {
                module.train(training);
            }
        }

        var sparsifiable = new List<LayerCost>();
        var dense = new List<LayerCost>();
        long denseParams = 0;
        foreach (var (name, parameter) in model.named_parameters())
        {
            var isSparse = isSparsifiable(name, parameter);
            if (counted.TryGetValue(name, out var layer))
            {
                if (positions[name] == 0)
                {
                    throw new InvalidOperationException(
                        $"layer '{name}' did not run during the forward pass; TorchSharp hooks fire only when submodules are invoked with call(), not forward()");
                }

                var cost = new LayerCost(name, layer.Shape, layer.Weights, layer.Weights * positions[name]);
                (isSparse ? sparsifiable : dense).Add(cost);
            }
            else if (isSparse)
            {
                throw new InvalidOperationException(
                    $"parameter '{name}' is sparsifiable but is not the weight of a Linear or convolution, so its MACs cannot be counted");
            }

            if (!isSparse)
            {
                denseParams += parameter.numel();
            }
        }

        return new ModelCost(sparsifiable, dense, denseParams);
    }

    private static string ParameterName(string moduleName, string parameter) =>
        moduleName.Length == 0 ? parameter : moduleName + "." + parameter;
}
