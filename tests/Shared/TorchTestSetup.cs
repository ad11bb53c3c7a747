using System.Runtime.CompilerServices;
using FreeTickets.Abstractions;

namespace FreeTickets.Tests.Shared;

/// <summary>
/// Every test assembly loads TorchSharp's native bridge the way the tool does, and pins torch to one thread:
/// golden values depend on the thread count (docs/performance.md#threads), and parallel test processes must not oversubscribe.
/// </summary>
internal static class TorchTestSetup
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        TorchNative.EnsureLoaded();
        TorchSharp.torch.set_num_threads(1);
        TorchSharp.torch.set_num_interop_threads(1);
    }
}
