using static TorchSharp.torch;

namespace FreeTickets.Abstractions;

/// <summary>Where and how a dataset is loaded.</summary>
/// <param name="DataRoot">Root folder of all datasets (each dataset uses a subfolder named after it).</param>
/// <param name="Device">Device the tensors must end up on.</param>
/// <param name="Seed">Seed for generated datasets; real datasets ignore it.</param>
/// <param name="Log">Receives one-line progress messages (downloads, extraction); may be ignored.</param>
public sealed record DatasetLoadOptions(string DataRoot, Device Device, long Seed, Action<string>? Log = null);
