using System.Reflection;
using System.Security;

namespace FreeTickets.Architecture.Tests;

/// <summary>
/// The plugin contract holds interfaces and data types: it references TorchSharp and the base class library, nothing else,
/// and calls no native library itself (no P/Invoke, no unsafe code).
/// </summary>
public sealed class AbstractionsRulesTests
{
    [Fact]
    public void Should_reference_only_torchsharp_and_the_bcl_When_checking_the_contract_assembly()
    {
        var others = Assemblies.ReferencesOf(Assemblies.Abstractions).Where(name => name != "TorchSharp" && !Assemblies.IsBaseClassLibrary(name)).ToList();

        Assert.True(others.Count == 0, $"FreeTickets.Abstractions references {string.Join(", ", others)}");
    }

    [Fact]
    public void Should_use_only_torchsharp_and_system_types_When_checking_the_contract_types()
    {
        string[] allowed = ["System", "Microsoft.Win32", "TorchSharp", "FreeTickets.Abstractions"];
        // Compiler-generated types (<PrivateImplementationDetails>, attributes the compiler embeds) have no namespace.
        var uses = Assemblies.DependenciesMatching(Assemblies.Abstractions, ns => ns.Length > 0 && !allowed.Any(root => Assemblies.IsWithin(ns, root)));

        Assert.True(uses.Count == 0, "FreeTickets.Abstractions uses " + string.Join("; ", uses));
    }

    // Fails until the native loader (TorchNative, MKL dispatch, allocator tuning, ELF patch, NativeWarnings) has moved out
    // of FreeTickets.Abstractions into FreeTickets.Native (issue 15, item 1); the trait makes it easy to find, not to skip.
    [Fact]
    [Trait("WaitsFor", "FreeTickets.Native")]
    public void Should_call_no_native_library_When_checking_the_contract_assembly()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var native = Assemblies.Abstractions.GetTypes()
            .SelectMany(t => t.GetMethods(all).Where(m => m.Attributes.HasFlag(MethodAttributes.PinvokeImpl)).Select(m => $"{t.FullName}.{m.Name}"))
            .ToList();
        var unsafeCode = Assemblies.Abstractions.Modules.Any(m => m.IsDefined(typeof(UnverifiableCodeAttribute)));

        Assert.True(native.Count == 0, "P/Invoke in FreeTickets.Abstractions: " + string.Join(", ", native));
        Assert.False(unsafeCode, "FreeTickets.Abstractions is compiled with unsafe code (AllowUnsafeBlocks)");
    }
}
