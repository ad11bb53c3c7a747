using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using static TorchSharp.torch;

namespace FreeTickets.Cli;

/// <summary>Provenance columns for this process.</summary>
internal static class ProvenanceFactory
{
    public static Provenance Create(Device device) =>
        new(ToolInfo.Version, TorchRuntime.TorchSharpVersion, TorchRuntime.LibTorchVersion, TorchRuntime.Describe(device), TorchRuntime.Threads);
}
