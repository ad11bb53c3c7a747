using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using FreeTickets.Abstractions;
using McMaster.NETCore.Plugins;

namespace FreeTickets.Core.Plugins;

/// <summary>
/// Finds and loads plugin assemblies. A search root is either a folder of plugin folders (<c>root/X/X.dll</c>) or a
/// plugin folder itself (a build output holding <c>X.dll</c> next to <c>X.deps.json</c>). Each assembly gets its own
/// load context that shares the contract and TorchSharp with the host, so one libtorch serves the process.
/// </summary>
public static class PluginDiscovery
{
    /// <summary>The built-in plugin folder shipped with the tool: <c>&lt;tool dir&gt;/plugins</c>.</summary>
    public static string BuiltInRoot => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Loads every plugin under the given roots. Never throws for a bad plugin: it becomes an error entry.</summary>
    public static PluginCatalog Discover(IEnumerable<string> roots)
    {
        var plugins = new List<PluginDescriptor>();
        var errors = new List<PluginLoadError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in roots.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(root))
            {
                errors.Add(new PluginLoadError(root, "plugin folder does not exist"));
                continue;
            }

            foreach (var dll in Candidates(root))
            {
                if (seen.Add(dll))
                {
                    LoadAssembly(dll, plugins, errors);
                }
            }
        }

        return new PluginCatalog(plugins, errors);
    }

    /// <summary>Plugin assemblies under a root, in a stable order.</summary>
    public static IEnumerable<string> Candidates(string root)
    {
        var own = Path.Combine(root, Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)) + ".dll");
        var found = new SortedSet<string>(StringComparer.Ordinal);
        if (File.Exists(own))
        {
            found.Add(own);
        }

        foreach (var deps in Directory.EnumerateFiles(root, "*.deps.json"))
        {
            var dll = deps[..^".deps.json".Length] + ".dll";
            if (File.Exists(dll))
            {
                found.Add(dll);
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(root))
        {
            var dll = Path.Combine(sub, Path.GetFileName(sub) + ".dll");
            if (File.Exists(dll))
            {
                found.Add(dll);
            }
        }

        return found;
    }

    private static void LoadAssembly(string dll, List<PluginDescriptor> plugins, List<PluginLoadError> errors)
    {
        Assembly assembly;
        Type[] types;
        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(dll, PluginKinds.SharedTypes, config => config.PreferSharedTypes = true);
            assembly = loader.LoadDefaultAssembly();
            types = assembly.GetExportedTypes();
            CheckReferences(assembly, dll);
        }
        catch (BadImageFormatException)
        {
            errors.Add(new PluginLoadError(dll, "not a .NET assembly"));
            return;
        }
        catch (Exception ex) when (IsContractMismatch(ex))
        {
            errors.Add(new PluginLoadError(dll, Incompatible(ex)));
            return;
        }
        catch (Exception ex) when (ex is FileLoadException or FileNotFoundException or IOException or InvalidOperationException)
        {
            errors.Add(new PluginLoadError(dll, FirstLine(ex.Message) + " (host contract " + ContractVersion + ")"));
            return;
        }

        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "?";
        var plusIndex = version.IndexOf('+', StringComparison.Ordinal);
        if (plusIndex > 0)
        {
            version = version[..plusIndex];
        }

        foreach (var type in types.Where(IsPluginClass))
        {
            IPlugin instance;
            try
            {
                if (type.GetConstructor(Type.EmptyTypes) is null)
                {
                    errors.Add(new PluginLoadError(dll, $"{type.FullName} has no public parameterless constructor"));
                    continue;
                }

                instance = (IPlugin)Activator.CreateInstance(type)!;
            }
            catch (Exception ex) when (IsContractMismatch(Unwrap(ex)))
            {
                errors.Add(new PluginLoadError(dll, $"{type.FullName}: {Incompatible(Unwrap(ex))}"));
                continue;
            }
            catch (Exception ex) when (ex is TargetInvocationException or MemberAccessException)
            {
                errors.Add(new PluginLoadError(dll, $"{type.FullName} could not be created: {FirstLine(Unwrap(ex).Message)}"));
                continue;
            }

            foreach (var kind in PluginKinds.All.Where(k => PluginKinds.ContractOf(k).IsAssignableFrom(type)))
            {
                plugins.Add(new PluginDescriptor(kind, instance.Name, instance.Description, dll, version, instance));
            }
        }
    }

    /// <summary>
    /// A plugin compiled against another version of the contract: a type or member it uses does not exist in the host's
    /// FreeTickets.Abstractions, or it implements an interface whose members changed.
    /// </summary>
    internal static bool IsContractMismatch(Exception ex) => ex switch
    {
        DllNotFoundException or EntryPointNotFoundException => false,
        TypeLoadException or MissingMemberException or ReflectionTypeLoadException => true,
        FileLoadException { FileName: { } name } => name.StartsWith(ContractName, StringComparison.Ordinal),
        FileNotFoundException { FileName: { } name } => name.StartsWith(ContractName, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>One line saying that the plugin does not fit the host's contract, and the runtime's reason.</summary>
    internal static string Incompatible(Exception ex)
    {
        var reason = ex is ReflectionTypeLoadException load ? load.LoaderExceptions.FirstOrDefault(e => e is not null)?.Message ?? ex.Message : ex.Message;
        return $"incompatible plugin contract: built against a {ContractName} other than the host's {ContractVersion} ({FirstLine(reason)}); rebuild the plugin against this version";
    }

    /// <summary>
    /// Resolves every type and member the plugin assembly references (its TypeRef and MemberRef metadata tables) against
    /// the assemblies of this process. A plugin compiled against another contract may load and even be created, and only
    /// fail with a <see cref="MissingMethodException"/> when the engine first calls the method that uses the missing
    /// member, in the middle of a run: checking every reference here makes that a load error instead.
    /// </summary>
    private static void CheckReferences(Assembly assembly, string dll)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        var metadata = pe.GetMetadataReader();
        var module = assembly.ManifestModule;
        foreach (var type in metadata.TypeReferences)
        {
            module.ResolveType(MetadataTokens.GetToken(type));
        }

        foreach (var member in metadata.MemberReferences)
        {
            try
            {
                module.ResolveMember(MetadataTokens.GetToken(member));
            }
            catch (ArgumentException)
            {
                // A member of a generic type instantiated over a generic parameter needs a generic context; such members
                // are resolved when first used.
            }
        }
    }

    private static bool IsPluginClass(Type t) => t is { IsClass: true, IsAbstract: false } && typeof(IPlugin).IsAssignableFrom(t);

    private static Exception Unwrap(Exception ex) => ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;

    private static string ContractName { get; } = typeof(IPlugin).Assembly.GetName().Name ?? "FreeTickets.Abstractions";

    /// <summary>Version of the contract assembly the host was built with.</summary>
    public static string ContractVersion { get; } = typeof(IPlugin).Assembly.GetName().Version?.ToString() ?? "?";

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
