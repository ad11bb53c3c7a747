namespace FreeTickets.Core.Config;

/// <summary>Optimisation settings shared by every method (paper defaults).</summary>
public sealed record TrainingSettings
{
    /// <summary>Epochs E of dense, dense-ensemble and dst-ensemble members.</summary>
    public int Epochs { get; init; } = 250;

    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Initial learning rate.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Fractions of E at which the learning rate is multiplied by <see cref="LrGamma"/>.</summary>
    public IReadOnlyList<double> LrMilestones { get; init; } = [0.5, 0.75];

    /// <summary>Learning-rate decay factor at each milestone.</summary>
    public double LrGamma { get; init; } = 0.1;

    /// <summary>Fraction of the training split held out for validation (fixed per dataset; never augmented).</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>
    /// Which examples are held out: <c>random</c> (a permutation seeded by the dataset and fraction, the same for every
    /// cell) or <c>tail</c> (the last <see cref="ValidationFraction"/> of the training split in file order, as the released
    /// FreeTickets code does).
    /// </summary>
    public string ValidationSplit { get; init; } = ValidationSplits.Random;

    /// <summary>
    /// Report the best-validation checkpoint (per member; per refinement phase for EDST tickets) instead of the final model,
    /// as the released FreeTickets code does. The test set is never used for the choice.
    /// </summary>
    public bool SelectBest { get; init; } = true;
}
