using System.Reflection;
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
        }
        catch (BadImageFormatException)
        {
            errors.Add(new PluginLoadError(dll, "not a .NET assembly"));
            return;
        }
        catch (ReflectionTypeLoadException ex)
        {
            errors.Add(new PluginLoadError(dll, "types failed to load: " + FirstLine(ex.LoaderExceptions.FirstOrDefault(e => e is not null)?.Message ?? ex.Message)
                + " (was it built against a newer FreeTickets.Abstractions than the host's " + ContractVersion + "?)"));
            return;
        }
        catch (Exception ex) when (ex is FileLoadException or FileNotFoundException or TypeLoadException or IOException or InvalidOperationException)
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

        foreach (var type in types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPlugin).IsAssignableFrom(t)))
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
            catch (Exception ex) when (ex is TargetInvocationException or TypeLoadException or MissingMethodException)
            {
                errors.Add(new PluginLoadError(dll, $"{type.FullName} could not be created: {FirstLine(ex.InnerException?.Message ?? ex.Message)}"));
                continue;
            }

            foreach (var kind in PluginKinds.All.Where(k => PluginKinds.ContractOf(k).IsAssignableFrom(type)))
            {
                plugins.Add(new PluginDescriptor(kind, instance.Name, instance.Description, dll, version, instance));
            }
        }
    }

    /// <summary>Version of the contract assembly the host was built with.</summary>
    public static string ContractVersion { get; } = typeof(IPlugin).Assembly.GetName().Version?.ToString() ?? "?";

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
