using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Core.Sparsity;

/// <summary>One sparsifiable weight with its 0/1 mask (same shape and dtype) and its fixed number of active weights.</summary>
public sealed class MaskedParameter
{
    internal MaskedParameter(string name, Parameter parameter, Tensor mask, long targetActiveCount)
    {
        Name = name;
        Parameter = parameter;
        Mask = mask;
        TargetActiveCount = targetActiveCount;
    }

    /// <summary>Parameter name as in the model's state_dict.</summary>
    public string Name { get; }

    /// <summary>The weight. Not owned: the model disposes it.</summary>
    public Parameter Parameter { get; }

    /// <summary>Current mask (owned by the topology; replaced, not modified, by topology updates).</summary>
    public Tensor Mask { get; internal set; }

    /// <summary>
    /// Momentum of the dense gradient (buf = beta * buf + g), owned by the topology; null unless the topology tracks
    /// <see cref="FreeTickets.Abstractions.GradientStatistics.Momentum"/>.
    /// </summary>
    public Tensor? GradientMomentum { get; internal set; }

    /// <summary>
    /// Exponential average of the squared dense gradient, owned by the topology; null unless the topology tracks
    /// <see cref="FreeTickets.Abstractions.GradientStatistics.SquareAverage"/>.
    /// </summary>
    public Tensor? GradientSquareAverage { get; internal set; }

    /// <summary>
    /// Active weights fixed at creation (round(density * count), or the count a Bernoulli draw gave); every update keeps
    /// exactly this many weights active.
    /// </summary>
    public long TargetActiveCount { get; }

    /// <summary>Number of weights in the layer.</summary>
    public long Count => Parameter.numel();

    /// <summary>Shape of the weight.</summary>
    public long[] Shape => Parameter.shape;

    /// <summary>Active weights counted from the mask (a device sync).</summary>
    public long CountActive() => Mask.count_nonzero().item<long>();
}
