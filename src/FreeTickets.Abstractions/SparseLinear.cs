using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Abstractions;

/// <summary>
/// A fully connected layer that the engine can run sparsely: a drop-in for TorchSharp's <c>nn.Linear</c>, with the same
/// parameters (<c>weight</c> [out, in], <c>bias</c> [out]), the same state_dict names, the same initialisation (so a
/// seeded model draws the same numbers) and, unless the engine attaches an <see cref="Execution"/>, the same computation.
/// Architecture plugins build their fully connected layers with it, so that <c>sparse.execution: sparse</c> can skip the
/// inactive weights (docs/performance.md); an <c>nn.Linear</c> works too, but always computes densely.
/// </summary>
public sealed class SparseLinear : nn.Module<Tensor, Tensor>
{
    private static readonly double _sqrt5 = Math.Sqrt(5.0);

    // TorchSharp registers parameters under their field names: these are the state_dict keys, as nn.Linear's.
#pragma warning disable IDE1006, SA1300
    private readonly Parameter weight;
    private readonly Parameter? bias;
#pragma warning restore IDE1006, SA1300

    /// <summary>Creates the layer (Kaiming-uniform weight with a = sqrt(5), uniform(-1/sqrt(in), 1/sqrt(in)) bias, as nn.Linear).</summary>
    public SparseLinear(long inFeatures, long outFeatures, bool hasBias = true) : base(nameof(SparseLinear))
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        weight = empty(outFeatures, inFeatures).AsParameter();
        nn.init.kaiming_uniform_(weight, a: _sqrt5);
        if (hasBias)
        {
            bias = empty(outFeatures).AsParameter();
            var bound = inFeatures > 0 ? 1 / Math.Sqrt(inFeatures) : 0;
            nn.init.uniform_(bias, -bound, bound);
        }

        RegisterComponents();
    }

    /// <summary>Input features.</summary>
    public long InFeatures { get; }

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>The weight, [out, in] (state_dict key <c>weight</c>).</summary>
    public Parameter Weight => weight;

    /// <summary>The bias, [out], or null (state_dict key <c>bias</c>).</summary>
    public Parameter? Bias => bias;

    /// <summary>The sparse computation the engine attached, or null (dense, as nn.Linear).</summary>
    public ILinearExecution? Execution { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) =>
        Execution?.Forward(input, weight, bias) ?? nn.functional.linear(input, weight, bias);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            weight.Dispose();
            bias?.Dispose();
        }

        base.Dispose(disposing);
    }
}
