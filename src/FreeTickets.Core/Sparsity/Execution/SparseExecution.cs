using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Core.Sparsity.Execution;

/// <summary>One layer's execution decision: whether it runs sparse kernels, and why not when it does not.</summary>
/// <param name="WeightName">The weight's parameter name.</param>
/// <param name="Density">Its active fraction.</param>
/// <param name="Sparse">Whether it runs sparsely.</param>
/// <param name="Reason">Why it stays masked (empty when sparse).</param>
public sealed record LayerExecution(string WeightName, double Density, bool Sparse, string Reason);

/// <summary>
/// <c>sparse.execution: sparse</c> for one model: attaches a <see cref="SparseLinearExecution"/> to every
/// <see cref="SparseLinear"/> layer whose weight the topology masks and whose density is at most
/// <see cref="MaxDensity"/> (denser layers, convolutions and other layers stay masked: dense kernels on zeroed weights).
/// The patterns follow the topology: they are rebuilt after each topology update (or restore), lazily, at the next
/// forward pass. Disposing detaches the layers, which then compute densely again.
/// </summary>
public sealed class SparseExecution : IDisposable
{
    /// <summary>
    /// Above this density a layer stays masked. Measured with <c>FreeTickets.Benchmarks --sparse-crossover</c>
    /// (results/perf/sparse-execution.md; one thread, batch 128, a layer's forward and backward, sparse over dense):
    /// 784x300 0.48 at density 0.1, 0.74 at 0.2, 1.01 at 0.3; 300x100 0.70, 0.90 and 1.14. The kernels do a multiply-add at
    /// roughly a quarter of the dense product's rate, so they win below a density of about 0.25 (the optimizer's update of
    /// active weights only adds a little on top).
    /// </summary>
    public const double MaxDensity = 0.25;

    private readonly SparseTopology _topology;
    private readonly List<(SparseLinear Module, string WeightName)> _attached = [];
    private readonly Dictionary<string, SparsePattern> _patterns = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, Tensor>? _override;
    private int _builtVersion = -1;
    private bool _disposed;

    private SparseExecution(SparseTopology topology) => _topology = topology;

    /// <summary>Every sparsified layer's decision, in model order.</summary>
    public IReadOnlyList<LayerExecution> Layers { get; private set; } = [];

    /// <summary>
    /// Whether the next backward passes compute the dense weight gradient (set by the training loop on the steps the
    /// regrowth rule or the checkpoint reads it); otherwise only the active positions' gradient is computed and the
    /// inactive ones are zero.
    /// </summary>
    public bool DenseGradient { get; set; }

    /// <summary>
    /// Whether anything but the optimizer reads the weights' .grad after the next backward passes (a topology update, a
    /// checkpoint, dense-gradient statistics): then the sampled gradient is written into .grad; otherwise the optimizer
    /// takes it in compact form (<see cref="ActiveEntries"/>) and .grad keeps an earlier step's values. True unless the
    /// training loop says otherwise, so that a caller outside it always finds the gradient in .grad.
    /// </summary>
    public bool GradientRead { get; set; } = true;

    /// <summary>
    /// The active entries of every layer that runs sparsely, by weight name, with the last backward pass's compact
    /// gradient when it wrote one: the optimizer updates those entries only (the inactive weights and their momentum are
    /// zero and stay so).
    /// </summary>
    public IReadOnlyDictionary<string, ActiveEntries> ActiveEntries()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _attached.ToDictionary(a => a.WeightName, a => ((SparseLinearExecution)a.Module.Execution!).Entries, StringComparer.Ordinal);
    }

    /// <summary>Attaches sparse execution to the layers of <paramref name="model"/> that can win.</summary>
    /// <param name="model">The model.</param>
    /// <param name="topology">Its masks.</param>
    /// <param name="maxDensity">The densest layer that runs sparsely (<see cref="MaxDensity"/>; benchmarks move it).</param>
    public static SparseExecution Attach(nn.Module model, SparseTopology topology, double maxDensity = MaxDensity)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(topology);
        var execution = new SparseExecution(topology);
        var masked = topology.Layers.ToDictionary(l => l.Name, StringComparer.Ordinal);
        var decisions = new List<LayerExecution>();
        var linear = new HashSet<string>(StringComparer.Ordinal);
        var modules = new List<(string Name, nn.Module Module)> { (string.Empty, model) };
        modules.AddRange(model.named_modules().Where(m => !ReferenceEquals(m.module, model)).Select(m => (m.name, m.module)));
        foreach (var (name, module) in modules)
        {
            if (module is not SparseLinear layer)
            {
                continue;
            }

            var weightName = name.Length == 0 ? "weight" : name + ".weight";
            if (!masked.TryGetValue(weightName, out var parameter))
            {
                continue;
            }

            linear.Add(weightName);
            var density = (double)parameter.TargetActiveCount / parameter.Count;
            var reason = density > maxDensity ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"density {density:0.###} > {maxDensity}")
                : layer.Weight.dtype != ScalarType.Float32 ? $"dtype {layer.Weight.dtype}"
                : layer.Weight.device_type != TorchSharp.DeviceType.CPU ? $"device {layer.Weight.device_type}"
                : "";
            if (reason.Length == 0)
            {
                layer.Execution = new SparseLinearExecution(execution, weightName);
                execution._attached.Add((layer, weightName));
            }

            decisions.Add(new LayerExecution(weightName, density, reason.Length == 0, reason));
        }

        foreach (var parameter in topology.Layers.Where(l => !linear.Contains(l.Name)))
        {
            decisions.Add(new LayerExecution(parameter.Name, (double)parameter.TargetActiveCount / parameter.Count, false,
                parameter.Shape.Length == 2 ? "not a SparseLinear layer" : "not fully connected"));
        }

        execution.Layers = decisions;
        return execution;
    }

    /// <summary>Whether the weights are frozen (<see cref="Freeze"/>).</summary>
    public bool Frozen { get; private set; }

    /// <summary>
    /// Declares the weights fixed until the returned scope is disposed (evaluation, inference timing): forward passes
    /// without a gradient then read each layer's active values from a compact copy, taken once, instead of from the dense
    /// weight. Changing the weights inside the scope is an error the kernels cannot see.
    /// </summary>
    public IDisposable Freeze()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Frozen = true;
        return new Thawing(this);
    }

    /// <summary>
    /// Computes with <paramref name="masks"/> (by weight name) instead of the topology's until the returned scope is
    /// disposed: a best-validation checkpoint is evaluated with the masks it was trained with.
    /// </summary>
    public IDisposable UseMasks(IReadOnlyDictionary<string, Tensor> masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        _override = masks;
        _patterns.Clear();
        return new Restore(this);
    }

    /// <summary>Detaches every layer (they compute densely again).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var (module, _) in _attached)
        {
            (module.Execution as SparseLinearExecution)?.Release();
            module.Execution = null;
        }

        _attached.Clear();
        _patterns.Clear();
    }

    /// <summary>The current pattern of a layer, rebuilt from its mask when the topology changed.</summary>
    internal SparsePattern PatternOf(string weightName)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_override is null && _builtVersion != _topology.Version)
        {
            _patterns.Clear();
            _builtVersion = _topology.Version;
        }

        if (!_patterns.TryGetValue(weightName, out var pattern))
        {
            var mask = _override?.GetValueOrDefault(weightName) ?? _topology[weightName].Mask;
            pattern = SparsePattern.FromMask(mask);
            _patterns[weightName] = pattern;
        }

        return pattern;
    }

    private sealed class Thawing(SparseExecution owner) : IDisposable
    {
        public void Dispose()
        {
            owner.Frozen = false;
            foreach (var (module, _) in owner._attached)
            {
                (module.Execution as SparseLinearExecution)?.Thaw();
            }
        }
    }

    private sealed class Restore(SparseExecution owner) : IDisposable
    {
        public void Dispose()
        {
            owner._override = null;
            owner._patterns.Clear();
            owner._builtVersion = -1;
        }
    }
}
