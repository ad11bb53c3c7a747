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

    /// <summary>Epochs <paramref name="method"/> trains in all: E (dense), M x E (dense and DST ensembles), E_explore + M x E_refine (EDST).</summary>
    public int TrainingEpochs(string method) => method switch
    {
        MethodNames.Dense => Training.Epochs,
        MethodNames.EdstEnsemble => Ensemble.ExploreEpochs + (Ensemble.Members * Ensemble.RefineEpochs),
        _ => Ensemble.Members * Training.Epochs,
    };
}
