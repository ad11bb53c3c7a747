namespace FreeTickets.Abstractions;

/// <summary>Static facts about a dataset.</summary>
/// <param name="InputShape">Shape of one example, channels first.</param>
/// <param name="NumClasses">Number of classes (labels are 0..NumClasses-1).</param>
/// <param name="TrainSize">Examples in the official training split.</param>
/// <param name="TestSize">Examples in the official test split.</param>
public sealed record DatasetSpec(IReadOnlyList<long> InputShape, int NumClasses, int TrainSize, int TestSize)
{
    /// <summary>
    /// The per-channel normalisation <see cref="IDataset.Load"/> applies to [0, 1] pixels, or null when the inputs are
    /// not images in [0, 1] or the plugin does not say (then corruptions cannot be evaluated on the dataset).
    /// </summary>
    public ChannelNormalization? Normalization { get; init; }
}
