namespace FreeTickets.Core.Training;

/// <summary>What one training epoch produced (one row of curves.csv).</summary>
public sealed record EpochStats(
    int Member,
    int Epoch,
    string Phase,
    double LearningRate,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double Density,
    long Step,
    double WallSeconds);
