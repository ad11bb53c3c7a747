namespace FreeTickets.Core.Config;

/// <summary>Every hyperparameter of one method in one matrix (after defaults and per-method overrides are merged).</summary>
public sealed record MethodSettings
{
    /// <summary>Optimisation.</summary>
    public TrainingSettings Training { get; init; } = new();

    /// <summary>Sparse training.</summary>
    public SparseSettings Sparse { get; init; } = new();

    /// <summary>Ensembles and EDST phases.</summary>
    public EnsembleSettings Ensemble { get; init; } = new();

    /// <summary>Evaluation.</summary>
    public EvaluationSettings Evaluation { get; init; } = new();
}
