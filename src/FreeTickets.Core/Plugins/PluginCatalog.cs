using FreeTickets.Abstractions;

namespace FreeTickets.Core.Plugins;

/// <summary>Every plugin the host found, by kind and name, plus what failed to load.</summary>
public sealed class PluginCatalog
{
    private readonly Dictionary<(PluginKind, string), List<PluginDescriptor>> _byKey;

    /// <summary>Creates a catalog from discovered plugins and errors (see <see cref="PluginDiscovery"/>).</summary>
    public PluginCatalog(IEnumerable<PluginDescriptor> plugins, IEnumerable<PluginLoadError> errors)
    {
        Plugins = [.. plugins.OrderBy(p => p.Kind).ThenBy(p => p.Name, StringComparer.Ordinal)];
        _byKey = Plugins.GroupBy(p => (p.Kind, p.Name)).ToDictionary(g => g.Key, g => g.ToList());
        var duplicateErrors = _byKey.Values.Where(list => list.Count > 1).Select(list => new PluginLoadError(
            list[1].AssemblyPath,
            $"duplicate {PluginKinds.Describe(list[0].Kind)} '{list[0].Name}' in {string.Join(" and ", list.Select(p => p.AssemblyPath))}"));
        Errors = [.. errors, .. duplicateErrors];
    }

    /// <summary>All plugins, ordered by kind then name (duplicates included).</summary>
    public IReadOnlyList<PluginDescriptor> Plugins { get; }

    /// <summary>Assemblies or types that failed to load, and duplicate names.</summary>
    public IReadOnlyList<PluginLoadError> Errors { get; }

    /// <summary>Names available for a kind (unambiguous ones only), sorted.</summary>
    public IReadOnlyList<string> NamesOf(PluginKind kind) =>
        [.. _byKey.Where(kv => kv.Key.Item1 == kind && kv.Value.Count == 1).Select(kv => kv.Key.Item2).Order(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="name"/> resolves to exactly one plugin of <paramref name="kind"/>.</summary>
    public bool Contains(PluginKind kind, string name) => _byKey.TryGetValue((kind, name), out var list) && list.Count == 1;

    /// <summary>Resolves a plugin or throws <see cref="PluginResolutionException"/> with a one-line explanation.</summary>
    public T Resolve<T>(PluginKind kind, string name)
        where T : class, IPlugin
    {
        if (_byKey.TryGetValue((kind, name), out var list))
        {
            if (list.Count > 1)
            {
                throw new PluginResolutionException(
                    $"{PluginKinds.Describe(kind)} '{name}' is defined twice: {string.Join(" and ", list.Select(p => p.AssemblyPath))}",
                    causedByLoadFailure: false);
            }

            return (T)list[0].Instance;
        }

        var available = NamesOf(kind);
        var message = $"unknown {PluginKinds.Describe(kind)} '{name}'; available: {(available.Count == 0 ? "(none)" : string.Join(", ", available))}";
        if (Errors.Count > 0)
        {
            message += $" ({Errors.Count} plugin load error(s): run 'list' to see them)";
        }

        throw new PluginResolutionException(message, causedByLoadFailure: Errors.Count > 0);
    }
}
