namespace FreeTickets.Core.Training;

/// <summary>Measured inference time of one model: the median over timed forward passes, after warm-up passes.</summary>
/// <param name="Batch128Seconds">Seconds per forward pass of a batch of 128 test examples.</param>
/// <param name="Batch1Seconds">Seconds per forward pass of a single example.</param>
public sealed record InferenceTiming(double Batch128Seconds, double Batch1Seconds);
