using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Core.Sparsity.Execution;

/// <summary>
/// The sparse computation of one <see cref="SparseLinear"/> layer: the forward pass, the input gradient and the weight
/// gradient at active positions run <see cref="SparseKernels"/> on the layer's <see cref="SparsePattern"/>; the dense weight
/// gradient is one dense product, computed only on the steps its owner asks for it (<see cref="SparseExecution.DenseGradient"/>).
/// Activations are handled transposed ([features, batch]); a chain of sparse layers hands them on without copies.
/// </summary>
public sealed class SparseLinearExecution : ILinearExecution
{
    private readonly SparseExecution _owner;
    private Tensor? _gradient;
    private SparsePattern? _gradientPattern;
    private float[]? _compactGradient;
    private bool _compactValid;
    private float[]? _frozenValues;
    private SparsePattern? _frozenPattern;

    internal SparseLinearExecution(SparseExecution owner, string weightName)
    {
        _owner = owner;
        WeightName = weightName;
    }

    /// <summary>The weight's parameter name.</summary>
    public string WeightName { get; }

    /// <summary>The pattern the layer computes with now.</summary>
    public SparsePattern Pattern => _owner.PatternOf(WeightName);

    /// <inheritdoc />
    public Tensor? Forward(Tensor input, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.dim() != 2 || input.shape[0] == 0 || input.dtype != ScalarType.Float32 || input.device_type != TorchSharp.DeviceType.CPU)
        {
            return null;
        }

        if (is_grad_enabled() && (input.requires_grad || weight.requires_grad || bias?.requires_grad == true))
        {
            return SparseLinearFunction.apply(input, weight, bias, this);
        }

        using var xt = Transposed(input);
        var pattern = Pattern;
        using var yt = _owner.Frozen ? Output(pattern, xt, FrozenValues(pattern, weight), bias) : Output(pattern, xt, weight, bias);
        return yt.t();
    }

    /// <summary>
    /// X^T, contiguous: free when X is itself a transposed view (the output of a sparse layer), an AVX block transpose when X
    /// is contiguous, libtorch's copy otherwise.
    /// </summary>
    public static unsafe Tensor Transposed(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var t = x.t();
        if (t.is_contiguous() || !x.is_contiguous() || x.dtype != ScalarType.Float32)
        {
            using (t)
            {
                return t.contiguous();
            }
        }

        t.Dispose();
        var rows = checked((int)x.shape[0]);
        var cols = checked((int)x.shape[1]);
        var result = empty(cols, rows);
        fixed (byte* src = x.bytes, dst = result.bytes)
        {
            SparseKernels.Transpose((float*)src, rows, cols, (float*)dst);
        }

        return result;
    }

    /// <summary>What the optimizer needs to update the active weights only: their positions and this step's gradient.</summary>
    internal ActiveEntries Entries => new(Pattern, CompactGradient);

    /// <summary>Y^T [out, B] = W X^T + b from X^T [in, B].</summary>
    public static unsafe Tensor Output(SparsePattern pattern, Tensor xt, Tensor weight, Tensor? bias)
    {
        var width = checked((int)xt.shape[1]);
        var yt = empty(pattern.Rows, width);
        fixed (int* ptr = pattern.RowPtr, idx = pattern.RowCols, flat = pattern.RowFlat)
        fixed (byte* w = weight.bytes, x = xt.bytes, y = yt.bytes)
        fixed (byte* b = bias is null ? default : bias.bytes)
        {
            SparseKernels.GatherRows(pattern.Rows, ptr, idx, flat, (float*)w, (float*)b, (float*)x, (float*)y, width, get_num_threads());
        }

        return yt;
    }

    /// <summary>
    /// Y^T from the active weights' values in compact form (<see cref="SparsePattern.RowCols"/> order): read in sequence
    /// instead of scattered over the dense weight, which matters when several models' weights compete for the cache (an
    /// ensemble's inference).
    /// </summary>
    public static unsafe Tensor Output(SparsePattern pattern, Tensor xt, float[] values, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(values);
        var width = checked((int)xt.shape[1]);
        var yt = empty(pattern.Rows, width);
        fixed (int* ptr = pattern.RowPtr, idx = pattern.RowCols, order = pattern.Identity)
        fixed (float* w = values)
        fixed (byte* x = xt.bytes, y = yt.bytes)
        fixed (byte* b = bias is null ? default : bias.bytes)
        {
            SparseKernels.GatherRows(pattern.Rows, ptr, idx, order, w, (float*)b, (float*)x, (float*)y, width, get_num_threads());
        }

        return yt;
    }

    /// <summary>dX^T [in, B] = W^T dY^T, through the weight's columns.</summary>
    public static unsafe Tensor InputGradient(SparsePattern pattern, Tensor dyt, Tensor weight)
    {
        var width = checked((int)dyt.shape[1]);
        var dxt = empty(pattern.Cols, width);
        fixed (int* ptr = pattern.ColPtr, idx = pattern.ColRows, flat = pattern.ColFlat)
        fixed (byte* w = weight.bytes, dy = dyt.bytes, dx = dxt.bytes)
        {
            SparseKernels.GatherRows(pattern.Cols, ptr, idx, flat, (float*)w, null, (float*)dy, (float*)dx, width, get_num_threads());
        }

        return dxt;
    }

    /// <summary>dW = dY^T X at the active positions, zero elsewhere.</summary>
    public static unsafe Tensor SampledWeightGradient(SparsePattern pattern, Tensor dyt, Tensor xt)
    {
        var width = checked((int)dyt.shape[1]);
        var dw = zeros(pattern.Rows, pattern.Cols);
        fixed (int* ptr = pattern.RowPtr, idx = pattern.RowCols, flat = pattern.RowFlat)
        fixed (byte* dy = dyt.bytes, x = xt.bytes, g = dw.bytes)
        {
            SparseKernels.SampledDot(pattern.Rows, ptr, idx, flat, (float*)dy, (float*)x, (float*)g, width, get_num_threads());
        }

        return dw;
    }

    /// <summary>Whether the backward pass now computes the dense weight gradient.</summary>
    internal bool DenseGradient => _owner.DenseGradient;

    /// <summary>
    /// The weight gradient at the active positions of <paramref name="pattern"/>, zero elsewhere, in a buffer the layer
    /// keeps from step to step: only the active entries are written (no 1 MB fill and allocation per step); when the
    /// pattern changes, the buffer is cleared once.
    /// </summary>
    internal unsafe Tensor SampledWeightGradientInPlace(SparsePattern pattern, Tensor dyt, Tensor xt)
    {
        if (_gradient is null || _gradient.shape[0] != pattern.Rows || _gradient.shape[1] != pattern.Cols)
        {
            _gradient?.Dispose();
            _gradient = zeros(pattern.Rows, pattern.Cols).DetachFromDisposeScope();
        }
        else if (!ReferenceEquals(_gradientPattern, pattern))
        {
            _gradient.zero_();
        }

        _gradientPattern = pattern;
        var width = checked((int)dyt.shape[1]);
        fixed (int* ptr = pattern.RowPtr, idx = pattern.RowCols, flat = pattern.RowFlat)
        fixed (byte* dy = dyt.bytes, x = xt.bytes, g = _gradient.bytes)
        {
            SparseKernels.SampledDot(pattern.Rows, ptr, idx, flat, (float*)dy, (float*)x, (float*)g, width, get_num_threads());
        }

        return _gradient;
    }

    /// <summary>
    /// The weight gradient of the last backward pass in the pattern's entry order, when that pass wrote only this compact
    /// form (nothing reads .grad on that step, so its buffer was left as it was); null when .grad holds it.
    /// </summary>
    internal float[]? CompactGradient => _compactValid ? _compactGradient : null;

    /// <summary>
    /// The active positions' weight gradient in compact form only (a step whose .grad nobody reads: the optimizer takes
    /// this). The .grad buffer is set but not written, so it keeps the last gradient written to it.
    /// </summary>
    internal unsafe Tensor SampledWeightGradientCompact(SparsePattern pattern, Tensor dyt, Tensor xt)
    {
        if (_compactGradient is null || _compactGradient.Length != pattern.Count)
        {
            _compactGradient = GC.AllocateUninitializedArray<float>(pattern.Count, pinned: true);
        }

        var width = checked((int)dyt.shape[1]);
        fixed (int* ptr = pattern.RowPtr, idx = pattern.RowCols)
        fixed (byte* dy = dyt.bytes, x = xt.bytes)
        fixed (float* g = _compactGradient)
        {
            SparseKernels.SampledDot(pattern.Rows, ptr, idx, null, (float*)dy, (float*)x, g, width, get_num_threads());
        }

        _compactValid = true;
        _gradient ??= zeros(pattern.Rows, pattern.Cols).DetachFromDisposeScope();
        return _gradient;
    }

    /// <summary>Marks the compact gradient as not this step's (the dense .grad holds it).</summary>
    internal void UseDenseGradient() => _compactValid = false;

    /// <summary>Whether .grad is read after this step (the compact form alone is not enough).</summary>
    internal bool GradientRead => _owner.GradientRead;

    /// <summary>The active weights' values in compact form, gathered once per pattern while the owner is frozen.</summary>
    private float[] FrozenValues(SparsePattern pattern, Tensor weight)
    {
        if (_frozenValues is null || !ReferenceEquals(_frozenPattern, pattern))
        {
            _frozenValues = pattern.Gather(weight);
            _frozenPattern = pattern;
        }

        return _frozenValues;
    }

    /// <summary>Forgets the frozen values (the owner thawed).</summary>
    internal void Thaw()
    {
        _frozenValues = null;
        _frozenPattern = null;
    }

    /// <summary>Releases the gradient buffer.</summary>
    internal void Release()
    {
        _gradient?.Dispose();
        _gradient = null;
        _gradientPattern = null;
        _compactGradient = null;
        _compactValid = false;
    }
}
