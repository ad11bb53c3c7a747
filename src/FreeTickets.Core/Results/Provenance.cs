namespace FreeTickets.Core.Results;

/// <summary>Where a number came from: written into every CSV row.</summary>
public sealed record Provenance(string ToolVersion, string TorchSharpVersion, string LibTorchVersion, string Device, int Threads);
