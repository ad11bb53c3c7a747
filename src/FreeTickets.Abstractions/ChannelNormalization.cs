namespace FreeTickets.Abstractions;

/// <summary>
/// How a dataset normalises its pixels: each channel c of an input is <c>(pixel - Mean[c]) / Std[c]</c>, with pixels in
/// [0, 1]. The host needs it to work in pixel space (generated corruptions: noise, blur, rotation, contrast) and to bring
/// an out-of-distribution set into the in-distribution dataset's normalisation.
/// </summary>
/// <param name="Mean">Per-channel mean subtracted from the [0, 1] pixels (one value per input channel).</param>
/// <param name="Std">Per-channel standard deviation the centred pixels are divided by (positive).</param>
public sealed record ChannelNormalization(IReadOnlyList<float> Mean, IReadOnlyList<float> Std);
