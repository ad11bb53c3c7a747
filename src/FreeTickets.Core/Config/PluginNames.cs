using FreeTickets.Abstractions;
using FreeTickets.Core.Plugins;

namespace FreeTickets.Core.Config;

/// <summary>Resolves the plugin names a config writes against a catalog (for <c>validate</c>): unknown names are errors.</summary>
/// <param name="catalog">The plugins found in the config's plugin folders and the built-in ones.</param>
/// <param name="errors">Receives each unknown name, with the names available.</param>
internal sealed class PluginNames(PluginCatalog catalog, ConfigErrors errors)
{
    /// <summary>Resolves every entry of a list (<c>at.key[i]</c>).</summary>
    public void CheckAll(PluginKind kind, IReadOnlyList<string> names, string at, string key)
    {
        for (var i = 0; i < names.Count; i++)
        {
            Check(kind, names[i], $"{at}.{key}[{i}]");
        }
    }

    /// <summary>Resolves one name written at <paramref name="where"/>.</summary>
    public void Check(PluginKind kind, string name, string where)
    {
        if (!ConfigNames.IsValid(name))
        {
            return; // reported by the name rule; "unknown dataset '../x'" would only repeat it
        }

        try
        {
            _ = catalog.Resolve<IPlugin>(kind, name);
        }
        catch (PluginResolutionException ex)
        {
            errors.Add(where, ex.Message);
        }
    }
}
