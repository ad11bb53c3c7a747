using FreeTickets.Native;
using static TorchSharp.torch;

namespace FreeTickets.Testing;

/// <summary>
/// Loads TorchSharp's native bridge the way the tool does (<see cref="TorchNative.EnsureLoaded"/>) and pins torch to one
/// intra-op and one inter-op thread, so that scores and golden values do not depend on the machine and parallel test
/// processes do not oversubscribe the cores. The contract suites call it from their constructors; a test assembly that
/// uses torch outside them calls it first, for example from a <c>[ModuleInitializer]</c>.
/// </summary>
public static class TorchTestSetup
{
    private static readonly Lock _gate = new();
    private static bool _initialized;

    /// <summary>Idempotent and thread-safe: the first call loads and configures torch, later calls return at once.</summary>
    public static void Initialize()
    {
        lock (_gate)
        {
            if (_initialized)
            {
                return;
            }

            TorchNative.EnsureLoaded();
            set_num_threads(1);
            // torch refuses a second call, or one after parallel work started: only set it when it is not 1 already.
            if (get_num_interop_threads() != 1)
            {
                set_num_interop_threads(1);
            }

            _initialized = true;
        }
    }
}
