using FreeTickets.Core.Sparsity;
using FreeTickets.Core.Sparsity.Execution;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Core.Training;

/// <summary>
/// SGD with PyTorch's semantics (dampening 0, no Nesterov): d = g + weightDecay * p; buf = momentum * buf + d
/// (buf = d on the first step); p -= lr * buf. Our own so that the sparse engine can read and mask the momentum
/// buffers by parameter name, which TorchSharp's optimizer does not expose.
/// </summary>
public sealed class SgdOptimizer : IMomentumBuffers, IDisposable
{
    private readonly List<(string Name, Parameter Param)> _parameters;
    private readonly Dictionary<string, Tensor> _momentum = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tensor> _scratch = new(StringComparer.Ordinal);

    // Momentum of the weights on the sparse kernels, compact (entry order of their pattern): while a layer has one, it is
    // the truth and its dense buffer is stale; any read of the buffers writes it back first (Flush).
    private readonly Dictionary<string, (SparsePattern Pattern, float[] Buffer)> _compact = new(StringComparer.Ordinal);
    private readonly double _momentumFactor;
    private readonly double _weightDecay;
    private bool _disposed;

    /// <summary>Creates the optimizer over named parameters (names as in the model's state_dict).</summary>
    public SgdOptimizer(IEnumerable<(string Name, Parameter Param)> parameters, double lr, double momentum, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ThrowIfNegative(lr, nameof(lr));
        ThrowIfNegative(momentum, nameof(momentum));
        ThrowIfNegative(weightDecay, nameof(weightDecay));

        _parameters = parameters.ToList();
        var duplicate = _parameters.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"parameter name '{duplicate.Key}' appears more than once", nameof(parameters));
        }

        LearningRate = lr;
        _momentumFactor = momentum;
        _weightDecay = weightDecay;
    }

    /// <summary>Current learning rate; learning-rate schedules set it before each step.</summary>
    public double LearningRate { get; set; }

    /// <summary>Momentum factor.</summary>
    public double Momentum => _momentumFactor;

    /// <summary>L2 weight decay added to the gradient.</summary>
    public double WeightDecay => _weightDecay;

    /// <summary>Momentum buffers by parameter name; a parameter has one from its first step with a gradient on.</summary>
    public IReadOnlyDictionary<string, Tensor> MomentumBuffers
    {
        get
        {
            foreach (var name in _compact.Keys.ToList())
            {
                Flush(name);
            }

            return _momentum;
        }
    }

    /// <summary>The momentum buffer of the named parameter, or null before its first step (or without momentum).</summary>
    public Tensor? MomentumOf(string name)
    {
        Flush(name);
        return _momentum.GetValueOrDefault(name);
    }

    /// <summary>
    /// One update of every parameter that has a gradient; parameters without one are skipped, as in PyTorch.
    /// <paramref name="consumeGradients"/> lets the step compute d = g + wd * p in the gradient's own storage, which saves a
    /// copy per parameter but leaves the gradients changed: only for steps after which nothing reads them (no topology
    /// update, no checkpoint, no EDST exploration follows).
    /// <paramref name="masks"/> (by parameter name) makes the update of those parameters a masked one: buf = m * buf +
    /// d * mask and p -= lr * buf (without momentum, p -= lr * (d * mask), one pass more). While a parameter and its
    /// momentum are zero where its mask is (as every topology update leaves them), they stay exactly zero, and everywhere
    /// else the numbers equal the unmasked update's bit for bit (d * 1 = d). The mask rides along in a pass the update
    /// makes anyway, so a sparse step costs what a dense one does, instead of two more passes to mask weights and
    /// momentum afterwards. With <paramref name="maskMomentum"/> false the buffers stay dense (buf = m * buf + d) and only
    /// the weights are masked after the update, as the released FreeTickets code does (<c>regrownMomentum: keep</c>).
    /// </summary>
    /// <param name="consumeGradients">Whether the gradients may be overwritten.</param>
    /// <param name="masks">Masks of the sparse parameters, by name.</param>
    /// <param name="maskMomentum">Whether the momentum buffers are masked too.</param>
    /// <param name="active">
    /// For parameters run by the sparse kernels (by name; float32): the flat indices of their active entries. With masked
    /// momentum, their update touches those entries only (<see cref="SparseKernels.SgdActive"/>): the same arithmetic at
    /// active positions, and inactive weights and momentum stay zero without a pass over them.
    /// </param>
    public void Step(bool consumeGradients = false, IReadOnlyDictionary<string, Tensor>? masks = null, bool maskMomentum = true,
        IReadOnlyDictionary<string, ActiveEntries>? active = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (name, param) in _parameters)
        {
            var grad = param.grad;
            if (grad is null)
            {
                continue;
            }

            if (maskMomentum && active is not null && active.TryGetValue(name, out var entries) && param.dtype == ScalarType.Float32)
            {
                StepActive(name, param, grad, entries);
                continue;
            }

            // The same arithmetic as torch.optim.SGD's single-tensor path, so results agree bit for bit; when the gradient
            // must survive, d = g + wd * p goes into a scratch tensor kept per parameter, because a fresh full-size temporary
            // every step costs page faults.
            var d = grad;
            if (_weightDecay != 0.0)
            {
                if (consumeGradients)
                {
                    d = grad.add_(param, alpha: _weightDecay);
                }
                else
                {
                    if (!_scratch.TryGetValue(name, out var scratch))
                    {
                        scratch = empty_like(grad).DetachFromDisposeScope();
                        _scratch[name] = scratch;
                    }

                    d = scratch.copy_(grad).add_(param, alpha: _weightDecay);
                }
            }

            var mask = masks?.GetValueOrDefault(name);
            if (_momentumFactor != 0.0)
            {
                var bufferMask = maskMomentum ? mask : null;
                if (_momentum.TryGetValue(name, out var buffer))
                {
                    buffer.mul_(_momentumFactor);
                    _ = bufferMask is null ? buffer.add_(d) : buffer.addcmul_(d, bufferMask, 1);
                }
                else
                {
                    // Buffers outlive the step: keep them out of the caller's dispose scope.
                    buffer = (bufferMask is null ? d.clone() : d.mul(bufferMask)).detach().DetachFromDisposeScope();
                    _momentum[name] = buffer;
                }

                param.add_(buffer, alpha: -LearningRate);
                if (mask is not null && bufferMask is null)
                {
                    // A dense buffer moves inactive weights too: they go back to zero, as the released code's apply_mask.
                    param.mul_(mask);
                }
            }
            else
            {
                // Not addcmul_: p + (-lr) * d is one fused multiply-add in libtorch's add_, and addcmul_ rounds twice.
                if (mask is not null)
                {
                    // d is the gradient itself when it must survive and there is no weight decay: mask a copy then.
                    d = !consumeGradients && _weightDecay == 0.0 ? d.mul(mask) : d.mul_(mask);
                }

                param.add_(d, alpha: -LearningRate);
            }
        }
    }

    private unsafe void StepActive(string name, Parameter param, Tensor grad, ActiveEntries entries)
    {
        var pattern = entries.Pattern;
        float[]? buffer = null;
        if (_momentumFactor != 0.0)
        {
            if (!_compact.TryGetValue(name, out var compact) || !ReferenceEquals(compact.Pattern, pattern))
            {
                // The pattern changed (a topology update), or the dense buffer was read or replaced: start from the dense
                // buffer, whose inactive entries are zero. buf = 0 * m + d = d on the first step, as PyTorch's first buffer.
                Flush(name);
                if (!_momentum.TryGetValue(name, out var dense))
                {
                    dense = zeros_like(param).DetachFromDisposeScope();
                    _momentum[name] = dense;
                }

                compact = (pattern, pattern.Gather(dense));
                _compact[name] = compact;
            }

            buffer = compact.Buffer;
        }

        using var contiguousGrad = entries.CompactGradient is null ? grad.contiguous() : null;
        fixed (byte* p = param.bytes, g = contiguousGrad is null ? default : contiguousGrad.bytes)
        fixed (float* cg = entries.CompactGradient, b = buffer)
        fixed (int* flat = pattern.RowFlat)
        {
            SparseKernels.SgdActive((float*)p, (float*)g, cg, b, flat, pattern.Count, (float)LearningRate, (float)_momentumFactor, (float)_weightDecay);
        }
    }

    /// <summary>Writes a compact momentum back into its dense buffer (which is then the truth again).</summary>
    private unsafe void Flush(string name)
    {
        if (!_compact.Remove(name, out var compact))
        {
            return;
        }

        var dense = _momentum[name];
        fixed (byte* d = dense.bytes)
        fixed (float* c = compact.Buffer)
        fixed (int* flat = compact.Pattern.RowFlat)
        {
            var target = (float*)d;
            for (var i = 0; i < compact.Buffer.Length; i++)
            {
                target[flat[i]] = c[i];
            }
        }
    }

    /// <summary>
    /// Replaces every momentum buffer with a copy of <paramref name="buffers"/> (a resumed checkpoint); parameters absent
    /// from it have no buffer yet, as before their first step.
    /// </summary>
    public void LoadMomentum(IReadOnlyDictionary<string, Tensor> buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _compact.Clear();
        foreach (var buffer in _momentum.Values)
        {
            buffer.Dispose();
        }

        _momentum.Clear();
        using var noGrad = no_grad();
        foreach (var (name, param) in _parameters)
        {
            if (buffers.TryGetValue(name, out var saved))
            {
                _momentum[name] = saved.to(param.device).clone().DetachFromDisposeScope();
            }
        }
    }

    /// <summary>
    /// Drops the gradients (PyTorch's <c>zero_grad(set_to_none=True)</c>): the next backward stores its fresh gradient
    /// instead of adding it to zeros, which saves a fill and an addition per parameter and gives the same values.
    /// </summary>
    public void ZeroGrad()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope(); // the wrappers the grad getter creates
        foreach (var (_, param) in _parameters)
        {
            if (param.grad is not null)
            {
                param.grad = null;
            }
        }
    }

    /// <summary>Releases the momentum buffers.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var buffer in _momentum.Values.Concat(_scratch.Values))
        {
            buffer.Dispose();
        }

        _momentum.Clear();
        _scratch.Clear();
        _compact.Clear();
    }

    private static void ThrowIfNegative(double value, string name)
    {
        if (double.IsNaN(value) || value < 0.0)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be a non-negative number");
        }
    }
}
