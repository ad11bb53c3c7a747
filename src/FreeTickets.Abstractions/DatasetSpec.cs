namespace FreeTickets.Abstractions;

/// <summary>Static facts about a dataset.</summary>
/// <param name="InputShape">Shape of one example, channels first.</param>
/// <param name="NumClasses">Number of classes (labels are 0..NumClasses-1).</param>
/// <param name="TrainSize">Examples in the official training split.</param>
/// <param name="TestSize">Examples in the official test split.</param>
public sealed record DatasetSpec(IReadOnlyList<long> InputShape, int NumClasses, int TrainSize, int TestSize);
