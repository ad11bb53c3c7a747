using FreeTickets.Abstractions;
using FreeTickets.Core.Flops;
using static TorchSharp.torch;

namespace FreeTickets.Core.Running;

/// <summary>Per-layer MACs and weights of an architecture for a dataset, measured on a throwaway CPU model.</summary>
public static class ModelCosts
{
    /// <summary>Builds the model (seeded, so it is cheap and deterministic), counts its costs, disposes it.</summary>
    public static ModelCost Measure(IArchitecture architecture, DatasetSpec spec)
    {
        manual_seed(0);
        using var model = architecture.Create(new ArchitectureSpec(spec.InputShape, spec.NumClasses));
        return ModelCostCounter.Count(model, spec.InputShape, architecture.IsSparsifiable);
    }
}
