using FreeTickets.Abstractions;
using FreeTickets.Core.Config;
using FreeTickets.Core.Robustness;
using FreeTickets.Core.Training;
using static TorchSharp.torch;

namespace FreeTickets.Core.Methods;

/// <summary>Everything a method needs to train the members of one cell.</summary>
public sealed record MethodContext(
    CellSpec Cell,
    IArchitecture Architecture,
    IDataset Dataset,
    TrainingData Data,
    IPruningCriterion Prune,
    IRegrowthRule Regrow,
    Device Device,
    IMethodObserver Observer)
{
    /// <summary>Mid-cell checkpoints of this cell (none unless the runner sets them).</summary>
    public CheckpointSession Checkpoints { get; init; } = CheckpointSession.None;

    /// <summary>Where each member's reported weights and masks are saved (<c>run --save-models</c>); none by default.</summary>
    public Results.ModelExport? Export { get; init; }

    /// <summary>Extra sets every member is evaluated on while its model is alive: OoD test sets, then corruptions (none by default).</summary>
    public IReadOnlyList<RobustnessSet> Robustness { get; init; } = [];
}
