using System.Runtime.CompilerServices;
using FreeTickets.Testing;

namespace FreeTickets.Tests.Shared;

/// <summary>
/// Every test assembly loads torch before its first test as a plugin author's does, through FreeTickets.Testing's
/// <see cref="TorchTestSetup"/>: golden values depend on the thread count (docs/performance.md#threads).
/// </summary>
internal static class TorchTestModule
{
    [ModuleInitializer]
    internal static void Initialize() => TorchTestSetup.Initialize();
}
