using FreeTickets.Native;
using static TorchSharp.torch;

namespace FreeTickets.Native.Tests;

/// <summary>
/// Entry point of the test assembly (Test.Sdk's generated one is turned off): `dotnet FreeTickets.Native.Tests.dll
/// probe-torch` loads torch in a fresh process and runs one op; `... probe-warnings [show]` runs ops that make libtorch
/// warn (see <see cref="NativeWarnings"/>). Tests check what each writes.
/// </summary>
public static class ProbeProgram
{
    public const string Verb = "probe-torch";
    public const string WarningsVerb = "probe-warnings";
    public const string ShowArgument = "show";

    public static int Main(string[] args)
    {
        switch (args)
        {
            case [Verb]:
                var setup = TorchNative.EnsureLoaded();
                using (var t = arange(4, dtype: ScalarType.Float32)) // the CLI banner's self-test: 0 + 1 + 2 + 3 = 6
                {
                    Console.WriteLine($"mode={setup.Bridge} mkl={setup.Mkl} sum={t.sum().item<float>()}");
                }

                return 0;
            case [WarningsVerb, .. var rest] when rest is [] or [ShowArgument]:
                if (rest is [ShowArgument])
                {
                    NativeWarnings.Show();
                }

                TorchNative.EnsureLoaded();
                return ProvokeWarnings();
            default:
                Console.Error.WriteLine($"usage: {Verb} | {WarningsVerb} [{ShowArgument}]");
                return 2;
        }
    }

    private static int ProvokeWarnings()
    {
        using var scope = NewDisposeScope();
        // A 1x1 convolution of one small image on one thread is not oneDNN's, so libtorch asks NNPACK: where NNPACK cannot
        // initialise, this is what printed "Could not initialize NNPACK!".
        set_num_threads(1);
        var conv = nn.functional.conv2d(ones(1, 3, 8, 8), ones(4, 3, 1, 1));
        // Indexing with a uint8 mask is deprecated: libtorch warns (TORCH_WARN) on every CPU.
        var picked = ones(3)[tensor(new byte[] { 1, 0, 1 })];
        var setup = TorchNative.Setup;
        Console.WriteLine($"nnpack={setup.Nnpack} warnings={setup.Warnings} conv={conv.sum().item<float>()} picked={picked.shape[0]}");
        return 0;
    }
}
