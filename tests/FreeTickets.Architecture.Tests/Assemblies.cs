using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using ArchUnitNET.Loader;
using FreeTickets.Abstractions;
using FreeTickets.Cli;
using FreeTickets.Core;
using FreeTickets.Tests.Shared;
using ArchitectureModel = ArchUnitNET.Domain.Architecture;

namespace FreeTickets.Architecture.Tests;

/// <summary>The assemblies the rules read: the contract, the engine, the tool, and the built-in plugins as built.</summary>
internal static class Assemblies
{
    public static Assembly Abstractions { get; } = typeof(IPlugin).Assembly;

    public static Assembly Core { get; } = typeof(BadInputException).Assembly;

    public static Assembly Cli { get; } = typeof(FreeTicketsApp).Assembly;

    /// <summary>Types and their dependencies (IL level: signatures, bodies, attributes) of the contract, engine and tool.</summary>
    public static ArchitectureModel Model => _model.Value;

    private static readonly Lazy<ArchitectureModel> _model = new(() => new ArchLoader().LoadAssemblies(Abstractions, Core, Cli).Build());

    /// <summary>
    /// Every built-in plugin assembly: plugins/&lt;Name&gt;/&lt;Name&gt;.csproj is built to
    /// artifacts/plugins/&lt;Configuration&gt;/&lt;Name&gt;/&lt;Name&gt;.dll. A project without its assembly is an error, so the
    /// plugin rules never pass on an empty folder.
    /// </summary>
    public static IReadOnlyList<string> PluginFiles()
    {
        var projects = Directory.EnumerateDirectories(Path.Combine(RepoPaths.Root, "plugins"))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => File.Exists(Path.Combine(RepoPaths.Root, "plugins", name, name + ".csproj")))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(projects);
        var files = projects.Select(name => Path.Combine(RepoPaths.BuiltInPlugins, name, name + ".dll")).ToList();
        Assert.All(files, file => Assert.True(File.Exists(file), $"{file} is not built"));
        return files;
    }

    /// <summary>Names of the assemblies <paramref name="path"/> references, read from its metadata without loading it.</summary>
    public static IReadOnlyList<string> ReferencesOf(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return [.. reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).Order(StringComparer.Ordinal)];
    }

    /// <summary>Names of the assemblies <paramref name="assembly"/> references.</summary>
    public static IReadOnlyList<string> ReferencesOf(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").Order(StringComparer.Ordinal)];

    /// <summary>
    /// "Type -> dependency" for each dependency of a type of <paramref name="assembly"/> whose namespace matches
    /// <paramref name="forbidden"/>. The model records dependencies on types of assemblies it did not load too (TorchSharp,
    /// Spectre.Console...), which ArchUnitNET's fluent type sets leave out, so these rules read the dependencies directly.
    /// </summary>
    public static IReadOnlyList<string> DependenciesMatching(Assembly assembly, Func<string, bool> forbidden) =>
        [.. Model.Types
            .Where(t => t.Assembly.FullName == assembly.FullName)
            .SelectMany(t => t.Dependencies.Select(d => (From: t.FullName, To: d.Target.FullName, Namespace: d.Target.Namespace?.FullName ?? "")))
            .Where(d => forbidden(d.Namespace))
            .Select(d => $"{d.From} -> {d.To}")
            .Distinct()
            .Order(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="ns"/> is <paramref name="root"/> or lies below it.</summary>
    public static bool IsWithin(string ns, string root) => ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    /// <summary>Whether an assembly name is the .NET base class library's.</summary>
    public static bool IsBaseClassLibrary(string name) =>
        name is "System" or "mscorlib" or "netstandard" || name.StartsWith("System.", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal);
}
