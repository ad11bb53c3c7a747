using System.Reflection;
using System.Security;
using FreeTickets.Abstractions;

namespace FreeTickets.Abstractions.Tests;

/// <summary>The package plugin authors reference holds the contract only: no host machinery, no native code.</summary>
public sealed class ContractSurfaceTests
{
    private static readonly Assembly _contract = typeof(IPlugin).Assembly;

    [Fact]
    public void Should_export_only_interfaces_and_data_types()
    {
        var others = _contract.GetExportedTypes()
            .Where(t => !(t.IsInterface || t.IsEnum || IsSealedRecord(t) || (t.IsSealed && typeof(Exception).IsAssignableFrom(t)) || IsLayer(t)))
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(others);
    }

    [Fact]
    public void Should_declare_no_native_entry_point_and_no_unsafe_code()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var imports = _contract.GetTypes()
            .SelectMany(t => t.GetMethods(all))
            .Where(m => m.Attributes.HasFlag(MethodAttributes.PinvokeImpl))
            .Select(m => $"{m.DeclaringType?.FullName}.{m.Name}")
            .ToList();

        Assert.Empty(imports);
        // The compiler marks a module built with unsafe code allowed (AllowUnsafeBlocks) as unverifiable.
        Assert.Empty(_contract.ManifestModule.GetCustomAttributes<UnverifiableCodeAttribute>());
    }

    // The one kind of behaviour the contract carries: sealed layers that architecture plugins build their networks with
    // (SparseLinear, which the engine can switch to sparse kernels), so that host and plugins share the type.
    private static bool IsLayer(Type type) =>
        type.IsSealed && typeof(TorchSharp.torch.nn.Module).IsAssignableFrom(type);

    private static bool IsSealedRecord(Type type) =>
        type.IsSealed && type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;
}
