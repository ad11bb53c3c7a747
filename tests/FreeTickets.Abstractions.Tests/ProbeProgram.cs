using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Abstractions.Tests;

/// <summary>
/// Entry point of the test assembly (Test.Sdk's generated one is turned off): `dotnet FreeTickets.Abstractions.Tests.dll
/// probe-torch` loads torch in a fresh process and runs one op, which a test checks.
/// </summary>
public static class ProbeProgram
{
    public const string Verb = "probe-torch";

    public static int Main(string[] args)
    {
        if (args is not [Verb])
        {
            Console.Error.WriteLine("usage: probe-torch");
            return 2;
        }

        TorchNative.EnsureLoaded();
        using var t = arange(4, dtype: ScalarType.Float32); // the CLI banner's self-test: 0 + 1 + 2 + 3 = 6
        Console.WriteLine($"mode={TorchNative.LoadMode} mkl={TorchNative.MklDispatch} sum={t.sum().item<float>()}");
        return 0;
    }
}
