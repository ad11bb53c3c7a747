namespace FreeTickets.Core.Flops;

/// <summary>
/// The forward cost of one Linear or convolution weight: <paramref name="Name"/> is its <c>named_parameters()</c> name
/// (e.g. <c>fc1.weight</c>), <paramref name="Weights"/> its element count, <paramref name="MacsPerExample"/> the dense
/// multiply-accumulates it costs per example (weights times output spatial positions; 1 MAC = 2 FLOPs).
/// </summary>
public sealed record LayerCost(string Name, long[] Shape, long Weights, long MacsPerExample);
