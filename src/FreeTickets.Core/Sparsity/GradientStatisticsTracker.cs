using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Core.Sparsity;

/// <summary>
/// The dense-gradient statistics a regrowth rule asks for (<see cref="IRegrowthRule.GradientStatistics"/>): one buffer per
/// layer and statistic, kept on the layers (<see cref="MaskedParameter.GradientMomentum"/>,
/// <see cref="MaskedParameter.GradientSquareAverage"/>) and folded in after every backward pass.
/// </summary>
internal sealed class GradientStatisticsTracker
{
    /// <summary>The statistics kept (none until <see cref="Start"/>).</summary>
    public GradientStatistics Tracked { get; private set; }

    /// <summary>beta of buf = beta * buf + g.</summary>
    public double MomentumFactor { get; private set; }

    /// <summary>Gives every layer a zero buffer per statistic; once, before training.</summary>
    public void Start(IReadOnlyList<MaskedParameter> layers, GradientStatistics statistics, double momentum)
    {
        if (double.IsNaN(momentum) || momentum < 0.0)
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "a momentum factor must be a non-negative number");
        }

        if (Tracked != GradientStatistics.None)
        {
            throw new InvalidOperationException($"the topology already tracks {Tracked}");
        }

        using var scope = NewDisposeScope();
        foreach (var layer in layers)
        {
            if (statistics.HasFlag(GradientStatistics.Momentum))
            {
                layer.GradientMomentum = zeros_like(layer.Parameter).detach().DetachFromDisposeScope();
            }

            if (statistics.HasFlag(GradientStatistics.SquareAverage))
            {
                layer.GradientSquareAverage = zeros_like(layer.Parameter).detach().DetachFromDisposeScope();
            }
        }

        Tracked = statistics;
        MomentumFactor = momentum;
    }

    /// <summary>buf = beta * buf + g; v = decay * v + (1 - decay) * g^2, for every layer that has a gradient.</summary>
    public void Accumulate(IReadOnlyList<MaskedParameter> layers, double squareDecay)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var layer in layers)
        {
            if (layer.Parameter.grad is not { } grad)
            {
                continue;
            }

            layer.GradientMomentum?.mul_(MomentumFactor).add_(grad);
            layer.GradientSquareAverage?.mul_(squareDecay).addcmul_(grad, grad, 1.0 - squareDecay);
        }
    }
}
